"""Numbers and format strings as Java prints them, because Trino is Java.

`double_to_string` is Java's Double.toString (JSON output uses it); `scientific` is the
text of CAST(double AS varchar) in Trino ('1.0E0', '1.2345E3'); `java_format` is
String.format for the conversions Trino's format() documents.
"""

from __future__ import annotations

import math
import re
import struct
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


def _digits(value: float, single: bool) -> tuple[str, int]:
    """Shortest round-trip digits and decimal exponent: 1234.5 -> ('12345', 3)."""
    if single:
        for places in range(1, 10):
            text = f"{value:.{places}e}"
            if struct.unpack("f", struct.pack("f", float(text)))[0] == value:
                break
    else:
        shortest = repr(value)
        text = shortest if "e" in shortest else _to_e(shortest)
    mantissa, _, exponent = text.lower().partition("e")
    digits = mantissa.replace(".", "").replace("-", "").rstrip("0") or "0"
    return digits.lstrip("0") or "0", int(exponent or 0)


def _to_e(plain: str) -> str:
    """'1234.5' -> '1.2345e3' without losing digits."""
    negative = plain.startswith("-")
    body = plain.lstrip("-")
    integral, _, fraction = body.partition(".")
    digits = (integral + fraction).lstrip("0")
    if not digits:
        return "0e0"
    stripped_integral = integral.lstrip("0")
    if stripped_integral:
        exponent = len(stripped_integral) - 1
    else:
        exponent = -(len(fraction) - len(fraction.lstrip("0")) + 1)
    return ("-" if negative else "") + digits[0] + "." + digits[1:] + f"e{exponent}"


def scientific(value: float, single: bool = False) -> str:
    """Trino's CAST(double AS varchar): '1.0E0', '-2.5E-3', 'NaN', 'Infinity'."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "-0.0E0" if math.copysign(1, value) < 0 else "0.0E0"
    digits, exponent = _digits(abs(value), single)
    mantissa = digits[0] + "." + (digits[1:] or "0")
    return ("-" if value < 0 else "") + f"{mantissa}E{exponent}"


def double_to_string(value: float, single: bool = False) -> str:
    """Java's Double.toString / Float.toString."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "-0.0" if math.copysign(1, value) < 0 else "0.0"
    magnitude = abs(value)
    digits, exponent = _digits(magnitude, single)
    sign = "-" if value < 0 else ""
    if 1e-3 <= magnitude < 1e7:
        if exponent >= 0:
            integral = digits[: exponent + 1].ljust(exponent + 1, "0")
            fraction = digits[exponent + 1 :] or "0"
        else:
            integral = "0"
            fraction = "0" * (-exponent - 1) + digits
        return f"{sign}{integral}.{fraction}"
    return f"{sign}{digits[0]}.{digits[1:] or '0'}E{exponent}"


# -- String.format ------------------------------------------------------------------------------

_SPEC = re.compile(r"%(?:(\d+)\$|(<))?([-#+ 0,(]*)(\d+)?(?:\.(\d+))?([tT]?)([a-zA-Z%])")


class FormatError(ValueError):
    """A format string or argument Java's Formatter rejects."""


def _date_field(value: object, code: str) -> str:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    else:
        raise FormatError(f"%t{code} needs a date or timestamp")
    table = {
        "A": moment.strftime("%A"),
        "a": moment.strftime("%a"),
        "B": moment.strftime("%B"),
        "b": moment.strftime("%b"),
        "h": moment.strftime("%b"),
        "C": f"{moment.year // 100:02d}",
        "Y": f"{moment.year:04d}",
        "y": f"{moment.year % 100:02d}",
        "j": f"{moment.timetuple().tm_yday:03d}",
        "m": f"{moment.month:02d}",
        "d": f"{moment.day:02d}",
        "e": str(moment.day),
        "H": f"{moment.hour:02d}",
        "I": f"{(moment.hour % 12) or 12:02d}",
        "k": str(moment.hour),
        "l": str((moment.hour % 12) or 12),
        "M": f"{moment.minute:02d}",
        "S": f"{moment.second:02d}",
        "L": f"{moment.microsecond // 1000:03d}",
        "N": f"{moment.microsecond * 1000:09d}",
        "p": "am" if moment.hour < 12 else "pm",
        "R": moment.strftime("%H:%M"),
        "T": moment.strftime("%H:%M:%S"),
        "r": moment.strftime("%I:%M:%S ") + ("AM" if moment.hour < 12 else "PM"),
        "D": moment.strftime("%m/%d/%y"),
        "F": moment.strftime("%Y-%m-%d"),
    }
    if code not in table:
        raise FormatError(f"unknown date conversion %t{code}")
    return table[code]


def _group(integral: str) -> str:
    return f"{int(integral):,}"


def _fixed(value: object, precision: int, grouping: bool) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise FormatError("%f needs a number")
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    quantum = Decimal(1).scaleb(-precision)
    text = f"{number.quantize(quantum, rounding=ROUND_HALF_UP):f}"
    if grouping:
        sign = "-" if text.startswith("-") else ""
        integral, _, fraction = text.lstrip("-").partition(".")
        text = sign + _group(integral) + ("." + fraction if fraction else "")
    return text


def _integer(value: object, code: str, grouping: bool) -> str:
    if isinstance(value, bool) or not isinstance(value, int):
        raise FormatError(f"%{code} needs an integer")
    if code == "d":
        return f"{value:,}" if grouping else str(value)
    unsigned = value if value >= 0 else value + (1 << 64)
    return {"x": f"{unsigned:x}", "X": f"{unsigned:X}", "o": f"{unsigned:o}"}[code]


def _string(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return double_to_string(value)
    if isinstance(value, datetime):
        return value.isoformat(timespec="milliseconds" if value.microsecond else "seconds").replace(
            "+00:00", ""
        )
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)


def _convert(value: object, code: str, date_code: bool, flags: str, precision: str | None) -> str:
    if date_code:
        return "null" if value is None else _date_field(value, code)
    if code in "sS":
        text = _string(value)
        if precision is not None:
            text = text[: int(precision)]
        return text.upper() if code == "S" else text
    if code in "bB":
        text = "false" if value is None or value is False else "true"
        return text.upper() if code == "B" else text
    if value is None:
        return "null"
    if code in "dxXo":
        return _integer(value, code, "," in flags)
    if code == "f":
        return _fixed(value, int(precision) if precision is not None else 6, "," in flags)
    if code in "eE":
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            raise FormatError("%e needs a number")
        text = f"{float(value):.{int(precision) if precision is not None else 6}e}"
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{exponent[0]}{exponent[1:].zfill(2)}"
        return text.upper() if code == "E" else text
    if code == "c":
        if not isinstance(value, int):
            raise FormatError("%c needs a code point")
        return chr(value)
    raise FormatError(f"unknown conversion %{code}")


def java_format(pattern: str, args: list[object]) -> str:
    """Java's String.format(pattern, args) for %s %d %x %o %f %e %b %c %n %% and %t."""
    out: list[str] = []
    position = 0
    ordinary = 0
    last: int | None = None
    for match in _SPEC.finditer(pattern):
        out.append(pattern[position : match.start()])
        position = match.end()
        explicit, relative, flags, width, precision, date_code, code = match.groups()
        if code == "%":
            out.append("%")
            continue
        if code == "n":
            out.append("\n")
            continue
        if explicit:
            index = int(explicit) - 1
        elif relative:
            if last is None:
                raise FormatError("no previous argument for %<")
            index = last
        else:
            index = ordinary
            ordinary += 1
        if not 0 <= index < len(args):
            raise FormatError(f"Format specifier '{match.group(0)}' has no argument")
        last = index
        text = _convert(args[index], code, bool(date_code), flags, precision)
        if date_code == "T":
            text = text.upper()
        if width is not None:
            size = int(width)
            if "-" in flags:
                text = text.ljust(size)
            elif "0" in flags and code in "dfxXoeE":
                sign = "-" if text.startswith("-") else ""
                text = sign + text.lstrip("-").rjust(size - len(sign), "0")
            else:
                text = text.rjust(size)
        out.append(text)
    rest = pattern[position:]
    if "%" in rest:
        raise FormatError(f"Unknown format conversion in '{rest}'")
    out.append(rest)
    return "".join(out)


def parse_decimal(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        raise FormatError(f"'{text}' is not a number") from None
