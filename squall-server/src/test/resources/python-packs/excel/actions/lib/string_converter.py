"""Keys typed as text ("42", "1.5") compared with the numbers openpyxl reads."""


def convert_string_to_float_int(value):
    if not isinstance(value, str):
        return value
    for cast in (int, float):
        try:
            return cast(value)
        except ValueError:
            pass
    return value
