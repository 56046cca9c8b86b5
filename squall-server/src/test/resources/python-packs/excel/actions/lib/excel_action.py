"""Base class of the excel actions: pack config defaults, overridden by parameters."""

from st2common.runners.base_action import Action


class ExcelAction(Action):
    def __init__(self, config):
        super(ExcelAction, self).__init__(config)
        self._excel_file = None
        self._key_column = None
        self._var_name_row = None

    def replace_defaults(self, excel_file, key_column, var_name_row):
        self._excel_file = excel_file or self.config.get("excel_file")
        if not self._excel_file:
            raise ValueError('"excel_file" needs to be specified either as config option or '
                             "as action parameter")
        self._key_column = key_column or self.config.get("key_column") or 1
        self._var_name_row = var_name_row or self.config.get("variable_name_row") or 1
