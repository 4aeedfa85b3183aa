/* synfin: capture source -> decode -> track -> present.
 * The command line follows tshark's; subcommands do what tshark does not. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli/demo.h"
#include "cli/subcommands.h"
#include "cli/options.h"
#include "cli/session.h"
#include "serve/serve.h"
#include "source/capture.h"

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "serve") == 0)
        return serve_main(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "demo") == 0)
        return demo_main(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "conns") == 0)
        return conns_main(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "ladder") == 0)
        return ladder_main(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "follow") == 0)
        return follow_main(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "report") == 0)
        return report_main(argc - 1, argv + 1);

    signal(SIGPIPE, SIG_IGN);
    struct options opt;
    bool done;
    int rc = options_parse(&opt, argc, argv, &done);
    if (rc || done)
        return rc;
    if (opt.list_interfaces) {
        char err[256];
        rc = 0;
        if (capture_list_interfaces(stdout, err, sizeof err) < 0) {
            fprintf(stderr, "synfin: %s\n", err);
            rc = 1;
        }
    } else if (opt.read_file && opt.interface) {
        fputs("synfin: -r and -i cannot go together (see synfin --help)\n", stderr);
        rc = 2;
    } else {
        rc = session_run(&opt, NULL);
    }
    options_free(&opt);
    return rc;
}
