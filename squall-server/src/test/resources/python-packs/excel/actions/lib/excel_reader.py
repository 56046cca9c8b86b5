"""A workbook seen as rows keyed by one column, with variable names in one row."""

import os

import openpyxl

import string_converter  # top-level: actions/lib is on PYTHONPATH


class UnlockedSheetError(Exception):
    """The sheet does not exist and the workbook was opened read-only."""


class ExcelReader(object):
    def __init__(self, excel_file, lock=False):
        if not os.path.isfile(excel_file):
            raise ValueError('File "%s" doesn\'t exist' % excel_file)
        self._file = excel_file
        self._lock = lock
        self._book = openpyxl.load_workbook(excel_file)
        self._sheet = None

    def get_sheets(self):
        return self._book.sheetnames

    def set_sheet(self, sheet, key_column=1, var_name_row=1, strict=False):
        if sheet not in self._book.sheetnames:
            if strict:
                raise ValueError('Sheet "%s" doesn\'t exist' % sheet)
            if not self._lock:
                raise UnlockedSheetError(sheet)
            self._book.create_sheet(sheet)
        self._sheet = self._book[sheet]
        self._key_column = key_column
        self._var_name_row = var_name_row

    def _names(self):
        row = next(self._sheet.iter_rows(min_row=self._var_name_row, max_row=self._var_name_row))
        return {cell.column: cell.value for cell in row
                if cell.column != self._key_column and cell.value is not None}

    def _key_rows(self):
        for row in self._sheet.iter_rows(min_row=self._var_name_row + 1):
            key = row[self._key_column - 1].value
            if key is not None:
                yield key, row

    def get_variable_names(self):
        return list(self._names().values())

    def get_keys(self):
        return [key for key, _ in self._key_rows()]

    def _row(self, key):
        key = string_converter.convert_string_to_float_int(key)
        for found, row in self._key_rows():
            if found == key:
                return row
        raise ValueError("No matching row found for key '%s'" % key)

    def get_variables_for_key(self, key):
        row = self._row(key)
        return {name: row[column - 1].value for column, name in self._names().items()}

    def set_values_for_variables(self, key, data):
        row = self._row(key)
        columns = {name: column for column, name in self._names().items()}
        for name, value in data.items():
            if name not in columns:
                raise ValueError('Variable "%s" doesn\'t exist' % name)
            row[columns[name] - 1].value = value

    def delete_row(self, key):
        self._sheet.delete_rows(self._row(key)[0].row)

    def save(self):
        self._book.save(self._file)
