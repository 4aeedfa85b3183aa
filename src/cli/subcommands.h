/* The subcommands that summarise connections; argv[0] is their name. */
#ifndef SYNFIN_SUBCOMMANDS_H
#define SYNFIN_SUBCOMMANDS_H

int conns_main(int argc, char **argv);
int ladder_main(int argc, char **argv);
int follow_main(int argc, char **argv);
int report_main(int argc, char **argv);

#endif
