// Debian's libcsv 3.0.3 (package libcsv-dev). Installed by `make deps`.
#include <stdio.h>
#include <csv.h>
