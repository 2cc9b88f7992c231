"""How French, German, Spanish and Russian write amounts: the tables ``quantities_intl`` reads.

Each ``Locale`` holds regular-expression alternatives mapped onto the English reader's own
vocabulary, so an amount read in any language is the same record: canonical units ("t", "km",
"%", "USD"), hedges (exact / min / max / approx / approx_above / approx_below) and periods
(year / month / week / day / hour / person). The tables are written from the languages' ordinary
usage (style guides for decimal commas and thousands spaces/dots; the usual abbreviations such as
"Mio.", "Mrd.", "млн", "тыс."), not from any test set. A language without a table gets
``FALLBACK``: digits (either decimal mark, guessed), symbols (%, €, $, km, kg) and nothing
spelled out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from newsprism.rules import languages

DOLLAR_NOTE = "'dollars' without a country read as US dollars"

Table = tuple[tuple[str, object], ...]


@dataclass(frozen=True, slots=True)
class Locale:
    """One language's ways of writing amounts (patterns are case-insensitive unless noted)."""

    code: str
    decimal: str | None  # "," or "."; None: guess from the digits
    scales: Table = ()  # word after a number -> factor ("millions", "Mio.")
    currencies: Table = ()  # word after a number -> ISO code; a bare "dollar" gets DOLLAR_NOTE
    units: Table = ()  # word after a number -> canonical unit
    of: str = r"(?!)"  # between a scale word and what it counts ("de", "d'")
    hedges: Table = ()  # words before a number -> hedge kind
    post_hedges: Table = ()  # words after a number -> hedge kind ("et plus")
    periods: Table = ()  # words after an amount -> period
    months: str = r"(?!)"  # month names (any case ending) for dates
    spelled: str | None = None  # one number word; runs of them go to text2num
    lone_words: frozenset[str] = frozenset()  # number words that alone are articles ("un", "eine")
    vague: Table = ()  # "des milliers" -> (low, high)
    range_words: str = r"(?!)"  # between two numbers of a range ("à", "bis")
    range_pairs: tuple[tuple[str, str], ...] = ()  # "entre ... et": (opener before, word between)
    change_verbs: str = r"(?!)"  # "passé de 3 % à 5 %": two values, not a range
    time_after: str = r"(?!)"  # after a number that is a clock time ("h30", "Uhr")
    ordinal_after: str = r"(?!)"  # after a number that is an ordinal ("e", "er", "-й")
    id_before_capital: bool = True  # "Boeing 737": a capitalised word before is a name (not in German)
    year_after: str = r"(?!)"  # after a year that looks like a unit ("2019 года", "2019 г.")


_SYMBOL_CURRENCIES: Table = (
    (r"€", "EUR"), (r"US\$|\$", "USD"), (r"£", "GBP"), (r"¥", "JPY"), (r"₩", "KRW"), (r"₽", "RUB"),
    (r"₴", "UAH"), (r"₹", "INR"), (r"USD|EUR|GBP|JPY|CNY|KRW|RUB|UAH|INR|CHF", None),
)
_SYMBOL_UNITS: Table = (
    (r"%", "%"), (r"km²|km2", "km2"), (r"m²|m2", "m2"), (r"km/h", "km/h"), (r"km", "km"),
    (r"cm", "cm"), (r"mm", "mm"), (r"kg", "kg"), (r"mg", "mg"), (r"°C", "°C"), (r"°F", "°F"),
    (r"MW", "MW"), (r"GW", "GW"), (r"kW", "kW"), (r"kWh", "kWh"), (r"MWh", "MWh"), (r"t", "t"),
)
# Words an English reader's hedge vocabulary already names; kinds are the English ones.
_FR = Locale(
    code="fr", decimal=",",
    scales=((r"milliards?|mds?|md", 1e9), (r"millions?|mns?|M(?=\s*(?:€|\$|d['’]))", 1e6),
            (r"mille", 1e3), (r"billions?", 1e12)),
    currencies=((r"dollars? (?:américains?|US)", "USD"), (r"dollars?", "USD!"), (r"euros?", "EUR"),
                (r"livres? sterling", "GBP"), (r"yens?", "JPY"), (r"yuans?", "CNY"),
                (r"roubles?", "RUB"), (r"wons?", "KRW"), (r"francs? suisses?", "CHF"),
                (r"hryvnias?", "UAH"), (r"roupies?", "INR"), (r"shekels?", "ILS")),
    units=((r"tonnes?", "t"), (r"kilogrammes?|kilos?", "kg"), (r"grammes?", "g"),
           (r"kilomètres? carrés?", "km2"), (r"kilomètres?(?: à l['’]heure| par heure|/heure)", "km/h"),
           (r"kilomètres?", "km"), (r"mètres? carrés?", "m2"), (r"mètres?", "m"),
           (r"centimètres?", "cm"), (r"millimètres?", "mm"), (r"litres?", "l"), (r"barils?", "bbl"),
           (r"points? de pourcentage", "pp"), (r"pour ?cents?|pourcents?", "%"),
           (r"degrés?(?: Celsius)?", "°C"), (r"secondes?", "s"), (r"minutes?", "min"),
           (r"heures?", "h"), (r"jours?", "day"), (r"semaines?", "week"), (r"mois", "month"),
           (r"ans|années?", "year"), (r"décennies?", "decade")),
    of=r"\s*(?:de\s+|d['’]\s*)",
    hedges=((r"un peu plus d[e'’]|à peine plus d[e'’]|légèrement plus d[e'’]", "approx_above"),
            (r"un peu moins d[e'’]|à peine moins d[e'’]|près d[e'’]|presque|quasiment|pratiquement|"
             r"frôl\w*|avoisin\w*", "approx_below"),
            (r"au moins|plus d[e'’]|pas moins d[e'’]|au-delà d[e'’]|au-dessus d[e'’]|"
             r"supérieure? à|dépass\w*", "min"),
            (r"jusqu['’]à|au plus|au maximum|pas plus d[e'’]|moins d[e'’]|inférieure? à", "max"),
            (r"environ|autour d[e'’]|approximativement|quelque|aux alentours d[e'’]|"
             r"de l['’]ordre d[e'’]|env\.", "approx")),
    post_hedges=((r"et plus|ou plus", "min"), (r"ou moins", "max")),
    periods=((r"par (?:an|année)|chaque année|annuel(?:le)?s?|annuellement|/an|l['’]an", "year"),
             (r"par mois|chaque mois|mensuel(?:le)?s?|mensuellement|/mois", "month"),
             (r"par semaine|chaque semaine|hebdomadaires?", "week"),
             (r"par jour|chaque jour|quotidien(?:ne)?s?|quotidiennement|/jour", "day"),
             (r"par heure|/h\b", "hour"), (r"par (?:habitant|personne|tête)", "person")),
    months=r"janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|"
           r"novembre|décembre|decembre|janv\.|févr\.|déc\.",
    spelled=r"(?<!pour )(?:un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|"
            r"quatorze|quinze|seize|vingts?|trente|quarante|cinquante|soixante|cents?|mille|"
            r"millions?|milliards?|et)",
    lone_words=frozenset({"un", "une", "et", "neuf", "cents", "million", "millions", "milliard", "milliards"}),
    vague=((r"des dizaines de milliers", (2e4, 9e4)), (r"des centaines de milliers", (2e5, 9e5)),
           (r"des dizaines de millions", (2e7, 9e7)),
           (r"(?:des|plusieurs) dizaines", (20, 90)), (r"(?:des|plusieurs) centaines", (200, 900)),
           (r"des milliers", (2e3, 1e4)), (r"plusieurs milliers", (3e3, 9e3)),
           (r"quelques milliers", (2e3, 5e3)), (r"quelques centaines", (200, 500)),
           (r"des millions", (2e6, 1e7)), (r"plusieurs millions", (3e6, 9e6)),
           (r"des milliards", (2e9, 1e10))),
    range_words=r"à", range_pairs=((r"entre\s+[$€£]?\s*$", "et"),),
    change_verbs=r"\b(?:pass|augment|baiss|chut|grimp|progress|recul|diminu|mont|descend|tomb|"
                 r"bondi|gagn|perd)\w*\s+(?:\w+\s+)?de\s+$",
    time_after=r"^\s?h(?:\s?\d\d)?\b|^\s?heures?\s+\d\d\b",
    ordinal_after=r"^(?:er|re|ère|e|ème|eme|ᵉ|ᵉʳ|nd|nde)\b",
)
_DE = Locale(
    code="de", decimal=",",
    scales=((r"Milliarden|Milliarde|Mrd\.?", 1e9), (r"Millionen|Million|Mio\.?", 1e6),
            (r"Billionen|Billion|Bio\.", 1e12), (r"Tausend|Tsd\.", 1e3)),
    currencies=((r"US-Dollar", "USD"), (r"Dollar", "USD!"), (r"Euro", "EUR"), (r"Pfund(?: Sterling)?", "GBP"),
                (r"Yen", "JPY"), (r"Yuan", "CNY"), (r"Rubel", "RUB"), (r"Won", "KRW"),
                (r"Schweizer Franken|Franken", "CHF"), (r"Hrywnja|Griwna", "UAH"),
                (r"Rupien", "INR"), (r"Schekel", "ILS")),
    units=((r"Tonnen|Tonne", "t"), (r"Kilogramm|Kilo", "kg"), (r"Gramm", "g"),
           (r"Quadratkilometern?", "km2"), (r"Stundenkilometern?|Kilometern? pro Stunde", "km/h"),
           (r"Kilometern?", "km"), (r"Quadratmetern?", "m2"), (r"Metern?", "m"),
           (r"Zentimetern?", "cm"), (r"Millimetern?", "mm"), (r"Litern?", "l"), (r"Barrel", "bbl"),
           (r"Prozentpunkten?", "pp"), (r"Prozent", "%"), (r"Grad(?: Celsius)?", "°C"),
           (r"Sekunden?", "s"), (r"Minuten?", "min"), (r"Stunden?", "h"), (r"Tagen?|Tage", "day"),
           (r"Wochen?", "week"), (r"Monaten?|Monate", "month"), (r"Jahren?|Jahre", "year"),
           (r"Jahrzehnten?|Jahrzehnte", "decade")),
    hedges=((r"etwas mehr als|knapp über|gut|leicht über", "approx_above"),
            (r"knapp unter|fast|knapp|beinahe|nahezu|annähernd", "approx_below"),
            (r"mehr als|über|mindestens|wenigstens|nicht weniger als", "min"),
            (r"bis zu|höchstens|maximal|weniger als|unter|nicht mehr als", "max"),
            (r"etwa|rund|ungefähr|circa|ca\.|zirka|schätzungsweise|gegen", "approx")),
    post_hedges=((r"und mehr|oder mehr", "min"),),
    periods=((r"pro Jahr|im Jahr|jährlich|jedes Jahr|jährliche[nrms]?|/Jahr|p\.\s?a\.", "year"),
             (r"pro Monat|im Monat|monatlich|jeden Monat|monatliche[nrms]?|/Monat", "month"),
             (r"pro Woche|in der Woche|wöchentlich", "week"),
             (r"pro Tag|am Tag|täglich|jeden Tag|/Tag", "day"), (r"pro Stunde|in der Stunde", "hour"),
             (r"pro Kopf|pro Person|pro Einwohner|je Einwohner", "person")),
    months=r"Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|"
           r"Dezember|Jan\.|Feb\.|Aug\.|Sept?\.|Okt\.|Nov\.|Dez\.",
    spelled=r"(?:(?:ein|eins|eine|zwei|drei|vier|fünf|sechs|sech|sieben|sieb|acht|neun|zehn|elf|"
            r"zwölf|zwanzig|dreißig|vierzig|fünfzig|sechzig|siebzig|achtzig|neunzig|hundert|tausend|"
            r"und)+|Millionen|Million|Milliarden|Milliarde)",
    lone_words=frozenset({"ein", "eine", "eins", "und", "million", "millionen", "milliarde",
                          "milliarden", "tausend", "hundert"}),
    vague=((r"Zehntausende", (2e4, 9e4)), (r"Hunderttausende", (2e5, 9e5)),
           (r"Dutzende|Dutzenden", (24, 108)), (r"Hunderte|Hunderten", (200, 900)),
           (r"Tausende|Tausenden", (2e3, 1e4)), (r"mehrere (?:Tausend|tausend)", (3e3, 9e3)),
           (r"einige (?:Tausend|tausend)", (2e3, 5e3)), (r"einige (?:Hundert|hundert)", (200, 500))),
    range_words=r"bis", range_pairs=((r"zwischen\s+[$€£]?\s*$", "und"),),
    change_verbs=r"\b(?:stieg|steigt|gestiegen|sank|sinkt|gesunken|fiel|fällt|gefallen|wuchs|"
                 r"erhöht|gesenkt|zurückgegangen|ging|kletterte|legte)\w*\s+(?:\w+\s+)?von\s+$",
    time_after=r"^(?:[.:]\d\d)?\s?Uhr\b",
    ordinal_after=r"^\.\s+(?!\d)(?=\w)",
    id_before_capital=False,
)
_ES = Locale(
    code="es", decimal=",",
    scales=((r"mil millones", 1e9), (r"millones|millón|mill\.|mln\.?", 1e6), (r"billones|billón", 1e12),
            (r"mil(?! millones)", 1e3)),
    currencies=((r"dólares? (?:estadounidenses|americanos)", "USD"), (r"dólares?", "USD!"),
                (r"euros?", "EUR"), (r"libras? esterlinas?", "GBP"), (r"yenes|yen", "JPY"),
                (r"yuanes|yuan", "CNY"), (r"rublos?", "RUB"), (r"wones|won", "KRW"),
                (r"francos? suizos?", "CHF"), (r"grivnas?", "UAH"), (r"rupias?", "INR"),
                (r"pesos mexicanos", "MXN"), (r"séqueles|shekels?", "ILS")),
    units=((r"toneladas?", "t"), (r"kilogramos?|kilos?", "kg"), (r"gramos?", "g"),
           (r"kilómetros? cuadrados?", "km2"), (r"kilómetros? por hora", "km/h"),
           (r"kilómetros?", "km"), (r"metros? cuadrados?", "m2"), (r"metros?", "m"),
           (r"centímetros?", "cm"), (r"milímetros?", "mm"), (r"litros?", "l"), (r"barriles?", "bbl"),
           (r"puntos? porcentuales?", "pp"), (r"por ?ciento", "%"),
           (r"grados?(?: centígrados| Celsius)?", "°C"), (r"segundos?", "s"), (r"minutos?", "min"),
           (r"horas?", "h"), (r"días?", "day"), (r"semanas?", "week"), (r"meses|mes", "month"),
           (r"años?", "year"), (r"décadas?", "decade")),
    of=r"\s*de\s+",
    hedges=((r"poco más de|algo más de|ligeramente más de|apenas más de", "approx_above"),
            (r"poco menos de|algo menos de|casi|cerca de|prácticamente", "approx_below"),
            (r"más de|al menos|por lo menos|como mínimo|no menos de|mínimo de|superior a|"
             r"supera\w*", "min"),
            (r"hasta|como máximo|no más de|menos de|máximo de|inferior a", "max"),
            (r"unos|unas|alrededor de|aproximadamente|en torno a|aprox\.|del orden de", "approx")),
    post_hedges=((r"o más", "min"), (r"o menos", "max")),
    periods=((r"al año|por año|cada año|anual(?:es)?|anualmente|/año", "year"),
             (r"al mes|por mes|cada mes|mensual(?:es)?|mensualmente|/mes", "month"),
             (r"a la semana|por semana|cada semana|semanal(?:es)?", "week"),
             (r"al día|por día|cada día|diarios?|diarias?|diariamente", "day"),
             (r"por hora|a la hora", "hour"), (r"por persona|por habitante|per cápita|por cabeza", "person")),
    months=r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|"
           r"noviembre|diciembre",
    spelled=r"(?<!por )(?:un|uno|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|"
            r"catorce|quince|dieci\w+|veinte|veinti\w+|treinta|cuarenta|cincuenta|sesenta|setenta|"
            r"ochenta|noventa|cien|ciento|(?:dos|tres|cuatro|seis|sete|ocho|nove)cient[oa]s|"
            r"quinient[oa]s|mil|millón|millones|y)",
    lone_words=frozenset({"un", "una", "uno", "y", "mil", "millón", "millones", "cien", "ciento"}),
    vague=((r"decenas de miles", (2e4, 9e4)), (r"cientos de miles|centenares de miles", (2e5, 9e5)),
           (r"(?:varias )?decenas", (20, 90)), (r"(?:varios )?(?:cientos|centenares)", (200, 900)),
           (r"varios miles", (3e3, 9e3)), (r"miles(?= de)", (2e3, 1e4)),
           (r"millones(?= de)", (2e6, 1e7))),
    range_words=r"a", range_pairs=((r"entre\s+[$€£]?\s*$", "y"),),
    change_verbs=r"\b(?:pas|aument|baj|cay|cae|sub|crec|descend|reduj|redujo|increment|disminu)\w*"
                 r"\s+(?:\w+\s+)?de\s+$",
    time_after=r"^(?::\d\d)?\s?(?:horas|h)\b(?! al)",
    ordinal_after=r"^(?:º|ª|\.º|\.ª|er|o\b|a\b)",
)
def _ru_forms() -> dict[str, float]:
    """Russian number words in their case forms (nominative, genitive, dative, instrumental,
    prepositional, accusative), each with its value; scale words (тысяча, миллион) multiply."""
    table = {
        1: "один одна одно одного одной одному одним одном одну", 2: "два две двух двум двумя",
        3: "три трёх трех трём трем тремя", 4: "четыре четырёх четырех четырём четырем четырьмя",
        5: "пять пяти пятью", 6: "шесть шести шестью", 7: "семь семи семью", 8: "восемь восьми восемью",
        9: "девять девяти девятью", 10: "десять десяти десятью", 11: "одиннадцать одиннадцати",
        12: "двенадцать двенадцати", 13: "тринадцать тринадцати", 14: "четырнадцать четырнадцати",
        15: "пятнадцать пятнадцати", 16: "шестнадцать шестнадцати", 17: "семнадцать семнадцати",
        18: "восемнадцать восемнадцати", 19: "девятнадцать девятнадцати", 20: "двадцать двадцати",
        30: "тридцать тридцати", 40: "сорок сорока", 50: "пятьдесят пятидесяти", 60: "шестьдесят шестидесяти",
        70: "семьдесят семидесяти", 80: "восемьдесят восьмидесяти", 90: "девяносто девяноста",
        100: "сто ста сотни", 200: "двести двухсот двумстам", 300: "триста трехсот трёхсот",
        400: "четыреста четырехсот четырёхсот", 500: "пятьсот пятисот", 600: "шестьсот шестисот",
        700: "семьсот семисот", 800: "восемьсот восьмисот", 900: "девятьсот девятисот",
        1e3: "тысяча тысячи тысяч тысячу тысячам тысячами тысяче тысячей",
        1e6: "миллион миллиона миллионов миллиону миллионом миллионам миллионами миллионе",
        1e9: "миллиард миллиарда миллиардов миллиарду миллиардом миллиардам миллиардами миллиарде",
    }
    return {form: float(value) for value, forms in table.items() for form in forms.split()}


RU_NUMBER_WORDS = _ru_forms()
RU_SCALES = frozenset(w for w, v in RU_NUMBER_WORDS.items() if v >= 1000)


def ru_value(words: list[str]) -> float | None:
    """The value of a run of Russian number words ("двух тысяч", "пятьсот тысяч", "миллиона"),
    or None when the run does not read as one number."""
    total = current = 0.0
    for word in words:
        value = RU_NUMBER_WORDS.get(word.lower())
        if value is None:
            return None
        if word.lower() in RU_SCALES:
            total += max(current, 1.0) * value
            current = 0.0
        else:
            current += value
    return total + current


_RU = Locale(
    code="ru", decimal=",",
    scales=((r"млрд\.?|миллиард(?:ов|а)?", 1e9), (r"млн\.?|миллион(?:ов|а)?", 1e6),
            (r"трлн\.?|триллион(?:ов|а)?", 1e12), (r"тыс\.|тысяч[аи]?|тыс(?!\w)", 1e3)),
    currencies=((r"доллар(?:ов|а|ы)? США|американских доллар(?:ов|а)?", "USD"),
                (r"доллар(?:ов|а|ы)?", "USD!"), (r"евро", "EUR"), (r"фунт(?:ов|а)? стерлингов", "GBP"),
                (r"иен|йен|иены|йены", "JPY"), (r"юан(?:ей|я|ь|и)", "CNY"), (r"рубл(?:ей|я|ь|и)", "RUB"),
                (r"вон", "KRW"), (r"гривен|гривн[аы]?", "UAH"), (r"рупий", "INR"),
                (r"швейцарских франков|франков", "CHF"), (r"шекел(?:ей|я|ь)", "ILS"),
                (r"руб\.|долл\.", None)),
    units=((r"тонн[аы]?|т\.", "t"), (r"килограмм(?:ов|а)?|кг", "kg"), (r"грамм(?:ов|а)?|г\.", "g"),
           (r"квадратн\w+ километр\w*|кв\. ?км", "km2"), (r"километр(?:ов|а)? в час|км/ч", "km/h"),
           (r"километр(?:ов|а|ы)?|км", "km"), (r"квадратн\w+ метр\w*|кв\. ?м", "m2"),
           (r"метр(?:ов|а|ы)?|м(?=[\s.,])", "m"), (r"сантиметр(?:ов|а)?|см", "cm"),
           (r"миллиметр(?:ов|а)?|мм", "mm"), (r"литр(?:ов|а)?|л\.", "l"), (r"баррел(?:ей|я|ь)", "bbl"),
           (r"процентн\w+ пункт\w*|п\. ?п\.", "pp"), (r"процент(?:ов|а)?", "%"),
           (r"градус(?:ов|а)?(?: Цельсия)?", "°C"), (r"секунд[аы]?", "s"), (r"минут[аы]?", "min"),
           (r"час(?:ов|а)?", "h"), (r"дн(?:ей|я)|день|суток", "day"), (r"недел(?:ь|и|я|ю)", "week"),
           (r"месяц(?:ев|а)?", "month"), (r"лет|год(?:а|ов)?", "year")),
    hedges=((r"чуть более|чуть больше|немногим более|немногим больше|несколько более", "approx_above"),
            (r"чуть менее|чуть меньше|немногим менее|почти|практически|без малого", "approx_below"),
            (r"более|свыше|больше|не менее|как минимум|по меньшей мере|минимум|не меньше|"
             r"более чем", "min"),
            (r"до|не более|не больше|менее|меньше|максимум|не свыше", "max"),
            (r"около|примерно|приблизительно|порядка|ориентировочно|где-то|почти около", "approx")),
    post_hedges=((r"с лишним|с небольшим|и более", "min"),),
    periods=((r"в год|ежегодно|в течение года|/год|годовых", "year"),
             (r"в месяц|ежемесячно|/мес\.?", "month"), (r"в неделю|еженедельно", "week"),
             (r"в день|в сутки|ежедневно", "day"), (r"в час", "hour"),
             (r"на человека|на душу населения|на одного человека", "person")),
    months=r"января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря|"
           r"январе|феврале|марте|апреле|мае|июне|июле|августе|сентябре|октябре|ноябре|декабре",
    vague=((r"десятки тысяч", (2e4, 9e4)), (r"сотни тысяч", (2e5, 9e5)), (r"десятки миллионов", (2e7, 9e7)),
           (r"десятки", (20, 90)), (r"сотни", (200, 900)), (r"тысячи", (2e3, 1e4)),
           (r"несколько тысяч", (3e3, 9e3)), (r"несколько сотен", (300, 900)),
           (r"миллионы", (2e6, 1e7)), (r"несколько миллионов", (3e6, 9e6))),
    spelled=r"(?:" + "|".join(sorted(RU_NUMBER_WORDS, key=len, reverse=True)) + r")",
    lone_words=frozenset({"один", "одна", "одно", "одного", "одной", "одному", "одним", "одном", "одну",
                          "тысяч", "тысячи", "миллионов", "миллиардов", "миллионы", "миллиарды"}),
    range_words=r"(?!)", range_pairs=((r"(?:от|с)\s+[$€£]?\s*$", "до"), (r"между\s+$", "и")),
    change_verbs=r"\b(?:вырос|выросл|вырастет|снизил|снизились|упал|упала|упали|увеличил|сократил|"
                 r"поднял|опустил|повысил|понизил)\w*\s+(?:\w+\s+)?(?:с|со)\s+$",
    time_after=r"^[.:]\d\d\b(?! ?(?:млн|млрд|тыс))|^\s(?:утра|вечера|дня|ночи)\b",
    ordinal_after=r"^-?(?:й|го|я|е|ый|ой|ая|ое|ого|ому|ом)\b",
    year_after=r"^\s*(?:год\w*|гг?\.)",
)
FALLBACK = Locale(code="*", decimal=None, time_after=r"^:\d\d\b")
_LOCALES = {loc.code: loc for loc in (_FR, _DE, _ES, _RU)}
# text2num reads these (checked against text2num 3.1: en fr de es it pt nl; no ru: Russian runs are
# read by ``ru_value``)
TEXT2NUM_LANGUAGES = frozenset({"fr", "de", "es"})


def get(language: str) -> Locale:
    """The table for an ISO 639-1 code ("fr", "de-AT", "fr-CA" read as their base language)."""
    return _LOCALES.get(languages.code(language), FALLBACK)


def symbol_currencies() -> Table:
    return _SYMBOL_CURRENCIES


def symbol_units() -> Table:
    return _SYMBOL_UNITS


@lru_cache(maxsize=256)
def compiled(pattern: str, *, anchored_end: bool = False) -> re.Pattern[str]:
    """A table pattern compiled once, case-insensitive, with a word end after it."""
    return re.compile(rf"(?:{pattern})(?![\w°²])" + (r"\s*$" if anchored_end else ""), re.IGNORECASE)
