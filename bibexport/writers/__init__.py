"""Writers: records -> text in one format.  Every writer returns UTF-8-ready text ending in a newline."""
