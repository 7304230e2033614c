"""Files at migguide's edges, below every app: what comes in is checked and read within
limits, what goes out cannot be run or break the format it is written in.

- `text`: text as it is kept (`clean_text`) and as it is written out (`printable`);
- `uploads`: the checks every uploaded file passes before anything reads it;
- `tabular`: the one bounded reader of spreadsheets and ZIPs of CSV files;
- `cells`: the one formula-injection guard, for every CSV and workbook written;
- `problems`: the one problem collector of every import, all or nothing.

It imports Django, the standard library and third-party libraries only, never an app
of migguide, so that every app may use it (see the layers in the README)."""
