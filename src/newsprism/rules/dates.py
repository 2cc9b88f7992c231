"""Month names in French, German, Spanish, Italian, Portuguese, Russian and Ukrainian for date
parsing (dateutil reads English ones only): "4 novembre 2024", "4. November 2024", "4 de
noviembre de 2024", "4 ноября 2024 года" are dates like "November 4, 2024". The words around a
date in those languages that say nothing ("le", "de", "года", "г.") are skipped."""

from __future__ import annotations

import re

from dateutil import parser

# per month: the names (and common abbreviations) in the languages above, lower case; the
# Russian and Ukrainian in the nominative and the genitive ("ноябрь", "ноября")
_NAMES = (
    "janvier janv januar jänner jän enero gennaio janeiro январь января янв січень січня",
    "février fevrier févr fevr februar feber febrero febbraio fevereiro февраль февраля фев лютий лютого",
    "mars märz marz marzo março марта март мар березень березня",
    "avril avr april abril aprile апрель апреля апр квітень квітня",
    "mai mai mayo maggio maio май мая травень травня",
    "juin juni junio giugno junho июнь июня червень червня",
    "juillet juil juli julio luglio julho июль июля липень липня",
    "août aout august agosto agosto август августа авг серпень серпня",
    "septembre sept september septiembre setiembre settembre setembro сентябрь сентября сен вересень вересня",
    "octobre oct oktober octubre ottobre outubro октябрь октября окт жовтень жовтня",
    "novembre nov november noviembre novembre novembro ноябрь ноября ноя листопад листопада",
    "décembre decembre déc dezember diciembre dicembre dezembro декабрь декабря дек грудень грудня",
)
MONTH_WORDS = frozenset(w for names in _NAMES for w in names.split())
# words a date in these languages carries that dateutil may skip ("am" and "a" are not among
# them: dateutil reads those as a.m.)
FILLER = frozenset("le la de del el der den um à г года року год".split())
MONTH = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, MONTH_WORDS), key=len, reverse=True)) + r")\b\.?",
                   re.IGNORECASE)


class _Info(parser.parserinfo):
    MONTHS = [
        tuple(english) + tuple(dict.fromkeys(names.split()))
        for english, names in zip(parser.parserinfo.MONTHS, _NAMES)
    ]
    JUMP = list(parser.parserinfo.JUMP) + sorted(FILLER)


INFO = _Info()
