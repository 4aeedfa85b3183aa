#ifndef SYNFIN_DEMO_H
#define SYNFIN_DEMO_H

/* The `synfin demo` subcommand; argv[0] is "demo". Returns the exit status. */
int demo_main(int argc, char **argv);

#endif
