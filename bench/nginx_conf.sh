# Sourced by bench/live.sh and bench/serve.sh: nginx_conf DIR LISTEN writes
# DIR/nginx.conf, one worker answering 200 "Hello World!" on LISTEN (the
# listen directive's arguments, e.g. "127.0.0.1:4102"), no access log.
nginx_conf() {
    cat > "$1/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $1/nginx.pid;
error_log $1/nginx-error.log;
events { worker_connections 4096; }
http {
    access_log off;
    server { listen $2; location / { return 200 "Hello World!"; } }
}
CONF
}
