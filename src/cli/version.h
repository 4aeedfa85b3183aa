/* synfin -v: the version, and the libraries it was built with and runs with. */
#ifndef SYNFIN_VERSION_H
#define SYNFIN_VERSION_H

#define SYNFIN_VERSION "0.1.0"

/* Print what `synfin -v` prints, as tshark -v lays it out: the version,
 * then "Compiled ... with" the library headers it was built against, then
 * "Running on" the kernel and the library versions loaded now. */
void version_print(void);

#endif
