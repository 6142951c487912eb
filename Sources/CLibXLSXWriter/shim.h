// Debian's libxlsxwriter 1.1.4 (package libxlsxwriter-dev). Installed by `make deps`.
#include <xlsxwriter.h>
