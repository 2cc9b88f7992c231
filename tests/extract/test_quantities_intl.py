"""Quantities in French, German, Spanish and Russian read to the English reader's values, units,
hedges and periods; dates, times, ordinals and identifiers stay out; English is unchanged."""

from __future__ import annotations

import pytest

from newsprism.extract import quantities


def _all(text, language):
    found = quantities.find(text, language=language)
    for q in found:
        assert text[q.start:q.end] == q.text
    return found


def _one(text, language):
    found = _all(text, language)
    assert len(found) == 1, found
    return found[0].quantity


def test_the_same_amount_in_four_languages_is_one_value_and_hedge():
    english = _one("They delivered over 9 million shells.", "en")
    for text, language in [("Ils ont livré plus de 9 millions d'obus.", "fr"),
                           ("Sie lieferten über 9 Millionen Granaten.", "de"),
                           ("Entregaron más de 9 millones de proyectiles.", "es"),
                           ("Они поставили более 9 млн снарядов.", "ru")]:
        q = _one(text, language)
        assert (q.value, q.hedge, q.unit) == (english.value, english.hedge, english.unit) == (9e6, "min", None)


@pytest.mark.parametrize("text, language", [
    ("Il gagne 2 000 dollars par mois.", "fr"),
    ("Er verdient 2.000 Dollar im Monat.", "de"),
    ("Gana 2.000 dólares al mes.", "es"),
    ("Он получает 2000 долларов в месяц.", "ru"),
    ("Il gagne 2\u202f000 $ par mois.", "fr"),
])
def test_a_monthly_wage_reads_as_the_english_one(text, language):
    q = _one(text, language)
    english = _one("He earns 2,000 dollars a month.", "en")
    assert (q.value, q.unit, q.per) == (english.value, english.unit, english.per) == (2000, "USD", "month")


@pytest.mark.parametrize("text, language, value, unit, hedge", [
    ("une hausse de 2,5 %", "fr", 2.5, "%", "exact"),
    ("3,5 millions d'euros", "fr", 3.5e6, "EUR", "exact"),
    ("1 000 000 de personnes", "fr", 1e6, None, "exact"),
    ("environ 4 millions de tonnes de céréales", "fr", 4e6, "t", "approx"),
    ("près de 20 000 conteneurs", "fr", 2e4, None, "approx_below"),
    ("jusqu'à 4 000 km", "fr", 4000, "km", "max"),
    ("cinq pour cent des électeurs", "fr", 5, "%", "exact"),
    ("trois millions de personnes", "fr", 3e6, None, "exact"),
    ("rund 3,5 Mrd. Euro", "de", 3.5e9, "EUR", "approx"),
    ("mindestens 10.000 Soldaten", "de", 1e4, None, "min"),
    ("bis zu 4.000 Kilometer", "de", 4000, "km", "max"),
    ("fast 300 Menschen", "de", 300, None, "approx_below"),
    ("2,5 Prozent der Stimmen", "de", 2.5, "%", "exact"),
    ("eine Million Menschen", "de", 1e6, None, "exact"),
    ("unos 3 mil millones de dólares", "es", 3e9, "USD", "approx"),
    ("al menos 10.000 soldados", "es", 1e4, None, "min"),
    ("el 30 por ciento de los votantes", "es", 30, "%", "exact"),
    ("около 5 тыс. человек", "ru", 5000, None, "approx"),
    ("не менее 10 тысяч военнослужащих", "ru", 1e4, None, "min"),
    ("15 процентов избирателей", "ru", 15, "%", "exact"),
    ("почти 2,5 млрд рублей", "ru", 2.5e9, "RUB", "approx_below"),
    ("10 тонн риса", "ru", 10, "t", "exact"),
])
def test_value_unit_hedge(text, language, value, unit, hedge):
    q = _one(text, language)
    assert q.value == pytest.approx(value)
    assert (q.unit, q.hedge) == (unit, hedge)


@pytest.mark.parametrize("text, language, low, high, unit", [
    ("entre 3 et 5 millions de personnes", "fr", 3e6, 5e6, None),
    ("zwischen 3 und 5 Millionen Menschen", "de", 3e6, 5e6, None),
    ("de 600 000 à 700 000 tonnes de riz par an", "fr", 6e5, 7e5, "t"),
    ("от 3 до 5 млн долларов", "ru", 3e6, 5e6, "USD"),
])
def test_ranges_share_their_scale(text, language, low, high, unit):
    q = _one(text, language)
    assert (q.value, q.low, q.high, q.unit) == (None, low, high, unit)


def test_a_change_between_two_values_is_no_range():
    assert len(_all("Le taux est passé de 3 % à 5 %.", "fr")) == 2


def test_periods_map_to_the_english_ones():
    assert _one("600 000 tonnes de riz par an", "fr").per == "year"
    assert _one("800 Euro pro Kopf", "de").per == "person"
    assert _one("500 рублей в день", "ru").per == "day"
    assert _one("un salaire mensuel de 800 euros", "fr").per == "month"


def test_vague_amounts_have_bounds():
    q = _one("des milliers de manifestants", "fr")
    assert (q.low, q.high, q.hedge) == (2e3, 1e4, "approx")
    assert _one("Tausende Demonstranten", "de").low == 2e3


@pytest.mark.parametrize("text, language", [
    ("le 4 novembre 2024 à 14h30", "fr"),
    ("l'Airbus A320 et le Boeing 737 du vol n° 5", "fr"),
    ("am 4. November 2024 um 14 Uhr", "de"),
    ("der 3. Platz, am 12.03.2024", "de"),
    ("el 4 de noviembre de 2024, el 2º puesto", "es"),
    ("в 2019 году, 5 мая, Су-35, 3-й батальон, в 2019 г.", "ru"),
    ("un accord et une solution", "fr"),
])
def test_dates_times_ordinals_and_identifiers_are_not_amounts(text, language):
    assert _all(text, language) == []


def test_decimal_comma_and_thousands_dot():
    values = [q.quantity.value for q in _all("de 98,24 points (-0,94%) à 10.363,18 points", "fr")]
    assert values == [98.24, -0.94, 10363.18]


def test_other_languages_read_digits_and_symbols():
    found = _all("circa 1.000.000 di euro, 3,5 %, 2.500 km", "it")
    assert [(q.quantity.value, q.quantity.unit) for q in found] == [(1e6, None), (3.5, "%"), (2500, "km")]


def test_english_or_unknown_language_is_the_english_reader():
    text = "They paid over $200 million, about 10,000 soldiers."
    assert quantities.find(text) == quantities.find(text, language="en") == quantities.find(text, language=None)
    assert quantities.find(text, language="en-GB") == quantities.find(text)


@pytest.mark.parametrize("text, value, unit, hedge", [
    ("Россия поставила более миллиона баррелей нефти.", 1e6, "bbl", "min"),
    ("Около двух тысяч солдат прибыли на фронт.", 2000, None, "approx"),
    ("Он получил пятьсот тысяч рублей.", 5e5, "RUB", "exact"),
    ("Сорок пять процентов жителей против.", 45, "%", "exact"),
    ("Погибли четыре человека.", 4, None, "exact"),
])
def test_russian_spelled_numbers_in_their_cases(text, value, unit, hedge):
    q = _one(text, "ru")
    assert (q.value, q.unit, q.hedge) == (value, unit, hedge)


@pytest.mark.parametrize("text", ["Один из них сказал, что всё в порядке.", "Тысячи людей вышли на улицы."])
def test_russian_one_as_a_pronoun_and_vague_thousands_are_no_count(text):
    assert all(q.quantity.value is None for q in _all(text, "ru"))
