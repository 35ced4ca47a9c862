// The C floor for bench/nng.js and bench/index.js: NNG req/rep round trips between processes, no
// binding in the way.
//
// usage: nng_floor <url> <size_bytes> <latency|throughput|startup> <count> [concurrency]
//                  [workers] [warmup]
// Prints one JSON line on stdout. The parent is req. With workers 0 (the default) one forked
// child listens as a rep echo server with `concurrency` contexts. With workers n > 0 the parent
// listens and n forked children dial in, each echoing one request at a time through a single
// context: the shape of a host and its daemons. `startup` times fork to first reply (after all
// workers connect), then the shutdown of every worker.

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <nng/nng.h>
#include <nng/protocol/reqrep0/rep.h>
#include <nng/protocol/reqrep0/req.h>
#include <nng/supplemental/util/platform.h>

// --- arguments -----------------------------------------------------------------

enum mode { LATENCY, THROUGHPUT, STARTUP };

typedef struct {
	const char *url;
	size_t      size;
	enum mode   mode;
	int         count;
	int         concurrency;
	int         workers; // 0: one listening echo server; n: n dialling single-context workers
	int         warmup;  // -1: the default for the mode
} args;

static void
usage(void)
{
	fprintf(stderr, "usage: nng_floor <url> <size_bytes> <latency|throughput|startup> <count> "
	                "[concurrency] [workers] [warmup]\n");
	exit(2);
}

static args
parse_args(int argc, char **argv)
{
	args a;
	if (argc < 5 || argc > 8) {
		usage();
	}
	a.url         = argv[1];
	a.size        = (size_t) strtoull(argv[2], NULL, 10);
	a.count       = atoi(argv[4]);
	a.concurrency = argc > 5 ? atoi(argv[5]) : 64;
	a.workers     = argc > 6 ? atoi(argv[6]) : 0;
	a.warmup      = argc > 7 ? atoi(argv[7]) : -1;
	if (strcmp(argv[3], "latency") == 0) {
		a.mode = LATENCY;
	} else if (strcmp(argv[3], "throughput") == 0) {
		a.mode = THROUGHPUT;
	} else if (strcmp(argv[3], "startup") == 0) {
		a.mode = STARTUP;
	} else {
		usage();
	}
	if (a.count < 1 || a.concurrency < 1 || a.workers < 0) {
		usage();
	}
	return (a);
}

// --- helpers -------------------------------------------------------------------

static void
fatal(const char *what, int rv)
{
	fprintf(stderr, "nng_floor: %s: %s\n", what, nng_strerror(rv));
	exit(1);
}

// Round trips before the measured ones: the `warmup` argument, else a tenth of `count`.
static int
warmup_count(const args *a, int least)
{
	if (a->warmup >= 0) {
		return (a->warmup);
	}
	return (a->count / 10 > least ? a->count / 10 : least);
}

static double
now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double) ts.tv_sec * 1e6 + (double) ts.tv_nsec / 1e3);
}

static nng_msg *
make_msg(size_t size)
{
	nng_msg *msg;
	int      rv;
	if ((rv = nng_msg_alloc(&msg, size)) != 0) {
		fatal("nng_msg_alloc", rv);
	}
	memset(nng_msg_body(msg), 'x', size);
	return (msg);
}

// NNG's default limit is 1 MiB including headers, so a 1 MiB body would be dropped without this.
static void
lift_size_limit(nng_socket s)
{
	int rv;
	if ((rv = nng_socket_set_size(s, NNG_OPT_RECVMAXSZ, 0)) != 0) {
		fatal("set recv-size-max", rv);
	}
}

// --- rep side: the echo server (child process) ----------------------------------

typedef struct {
	nng_ctx  ctx;
	nng_aio *aio;
	int      sending;
} echo_worker;

static void
echo_cb(void *arg)
{
	echo_worker *w  = arg;
	int          rv = nng_aio_result(w->aio);
	if (rv == NNG_ECLOSED) {
		return;
	}
	if (w->sending) {
		if (rv != 0) {
			nng_msg_free(nng_aio_get_msg(w->aio));
		}
		w->sending = 0;
		nng_ctx_recv(w->ctx, w->aio);
		return;
	}
	if (rv != 0) {
		nng_ctx_recv(w->ctx, w->aio);
		return;
	}
	// The request message goes straight back as the reply: no copy.
	w->sending = 1;
	nng_ctx_send(w->ctx, w->aio);
}

static void
start_echo_workers(nng_socket s, echo_worker *workers, int n)
{
	int rv;
	for (int i = 0; i < n; i++) {
		echo_worker *w = &workers[i];
		w->sending     = 0;
		if ((rv = nng_ctx_open(&w->ctx, s)) != 0) {
			fatal("nng_ctx_open", rv);
		}
		if ((rv = nng_aio_alloc(&w->aio, echo_cb, w)) != 0) {
			fatal("nng_aio_alloc", rv);
		}
		nng_ctx_recv(w->ctx, w->aio);
	}
}

// Blocks until the parent writes a byte to `go` (it listens by then), then dials.
static void
dial_when_told(nng_socket s, const char *url, int go)
{
	char byte;
	int  rv;
	while (read(go, &byte, 1) < 0 && errno == EINTR) {
	}
	if ((rv = nng_dial(s, url, NULL, 0)) != 0) {
		fatal("nng_dial", rv);
	}
}

// Serves with `contexts` contexts until the parent closes `lifeline` (or dies), then exits.
// Without `go` (-1) it listens, and `ready` gets one byte once the listener is bound, so the
// parent dials without guessing. With `go` it reports ready at once and dials when told.
static void
run_echo_server(const args *a, int contexts, int go, int ready, int lifeline)
{
	nng_socket   s;
	echo_worker *workers = calloc((size_t) contexts, sizeof(*workers));
	char         byte    = 0;
	int          rv;

	if (workers == NULL) {
		fatal("calloc", NNG_ENOMEM);
	}
	if ((rv = nng_rep0_open(&s)) != 0) {
		fatal("nng_rep0_open", rv);
	}
	lift_size_limit(s);
	start_echo_workers(s, workers, contexts);
	if (go < 0 && (rv = nng_listen(s, a->url, NULL, 0)) != 0) {
		fatal("nng_listen", rv);
	}
	if (write(ready, &byte, 1) != 1) {
		_exit(1);
	}
	if (go >= 0) {
		dial_when_told(s, a->url, go);
	}
	while (read(lifeline, &byte, 1) < 0 && errno == EINTR) {
	}
	nng_close(s);
	_exit(0);
}

// --- req side: latency ----------------------------------------------------------

static int
cmp_double(const void *x, const void *y)
{
	double a = *(const double *) x, b = *(const double *) y;
	return (a > b) - (a < b);
}

// One round trip; the reply (same size) is kept to be sent as the next request.
static nng_msg *
round_trip(nng_socket s, nng_msg *msg)
{
	int rv;
	if ((rv = nng_sendmsg(s, msg, 0)) != 0) {
		fatal("nng_sendmsg", rv);
	}
	if ((rv = nng_recvmsg(s, &msg, 0)) != 0) {
		fatal("nng_recvmsg", rv);
	}
	return (msg);
}

static void
run_latency(const args *a, nng_socket s)
{
	double  *t      = malloc((size_t) a->count * sizeof(double));
	nng_msg *msg    = make_msg(a->size);
	int      warmup = warmup_count(a, 10);
	double   sum    = 0;

	if (t == NULL) {
		fatal("malloc", NNG_ENOMEM);
	}
	for (int i = 0; i < warmup; i++) {
		msg = round_trip(s, msg);
	}
	for (int i = 0; i < a->count; i++) {
		double start = now_us();
		msg          = round_trip(s, msg);
		t[i]         = now_us() - start;
		sum += t[i];
	}
	nng_msg_free(msg);
	qsort(t, (size_t) a->count, sizeof(double), cmp_double);
	printf("{\"mode\":\"latency\",\"url\":\"%s\",\"size\":%zu,\"count\":%d,"
	       "\"median_us\":%.2f,\"p99_us\":%.2f,\"mean_us\":%.2f}\n",
	    a->url, a->size, a->count, t[a->count / 2], t[(int) (a->count * 0.99)],
	    sum / a->count);
	free(t);
}

// --- req side: throughput -------------------------------------------------------

// `concurrency` workers, each a req context with one aio, keep that many requests in flight.
typedef struct run run;

typedef struct {
	run     *run;
	nng_ctx  ctx;
	nng_aio *aio;
	int      sending;
} req_worker;

struct run {
	nng_mtx *mtx;
	nng_cv  *cv;
	int      issued;
	int      done;
	int      target;
	int      error;
};

// Takes a ticket for one more request; false once `target` requests have been issued.
static int
claim(run *r)
{
	int ok;
	nng_mtx_lock(r->mtx);
	ok = r->error == 0 && r->issued < r->target;
	if (ok) {
		r->issued++;
	}
	nng_mtx_unlock(r->mtx);
	return (ok);
}

static void
finish(run *r, int rv)
{
	nng_mtx_lock(r->mtx);
	if (rv != 0) {
		r->error = rv;
	} else {
		r->done++;
	}
	if (r->error != 0 || r->done == r->target) {
		nng_cv_wake(r->cv);
	}
	nng_mtx_unlock(r->mtx);
}

static void
req_cb(void *arg)
{
	req_worker *w  = arg;
	int         rv = nng_aio_result(w->aio);
	if (rv != 0) {
		if (w->sending) {
			nng_msg_free(nng_aio_get_msg(w->aio));
		}
		finish(w->run, rv);
		return;
	}
	if (w->sending) {
		w->sending = 0;
		nng_ctx_recv(w->ctx, w->aio);
		return;
	}
	finish(w->run, 0);
	if (!claim(w->run)) {
		nng_msg_free(nng_aio_get_msg(w->aio));
		return;
	}
	// The reply has the request's size: send it again as the next request.
	w->sending = 1;
	nng_ctx_send(w->ctx, w->aio);
}

static void
start_req_worker(req_worker *w, const args *a)
{
	if (!claim(w->run)) {
		return;
	}
	nng_aio_set_msg(w->aio, make_msg(a->size));
	w->sending = 1;
	nng_ctx_send(w->ctx, w->aio);
}

// Runs `target` requests through the workers and returns the elapsed time in µs.
static double
pump(run *r, req_worker *workers, const args *a, int target)
{
	double start = now_us();
	r->issued = r->done = r->error = 0;
	r->target                       = target;
	for (int i = 0; i < a->concurrency; i++) {
		start_req_worker(&workers[i], a);
	}
	nng_mtx_lock(r->mtx);
	while (r->error == 0 && r->done < r->target) {
		nng_cv_wait(r->cv);
	}
	nng_mtx_unlock(r->mtx);
	if (r->error != 0) {
		fatal("request", r->error);
	}
	// Workers finish their callback after counting; wait for every aio to go idle.
	for (int i = 0; i < a->concurrency; i++) {
		nng_aio_wait(workers[i].aio);
	}
	return (now_us() - start);
}

static void
open_req_workers(nng_socket s, run *r, req_worker *workers, int n)
{
	int rv;
	for (int i = 0; i < n; i++) {
		workers[i].run = r;
		if ((rv = nng_ctx_open(&workers[i].ctx, s)) != 0) {
			fatal("nng_ctx_open", rv);
		}
		if ((rv = nng_aio_alloc(&workers[i].aio, req_cb, &workers[i])) != 0) {
			fatal("nng_aio_alloc", rv);
		}
	}
}

static void
run_throughput(const args *a, nng_socket s)
{
	run         r;
	req_worker *workers = calloc((size_t) a->concurrency, sizeof(*workers));
	int         warmup  = warmup_count(a, a->concurrency);
	int         rv;
	double      us, msgs_per_s;

	if (workers == NULL) {
		fatal("calloc", NNG_ENOMEM);
	}
	memset(&r, 0, sizeof(r));
	if ((rv = nng_mtx_alloc(&r.mtx)) != 0 || (rv = nng_cv_alloc(&r.cv, r.mtx)) != 0) {
		fatal("nng_mtx/cv_alloc", rv);
	}
	open_req_workers(s, &r, workers, a->concurrency);
	pump(&r, workers, a, warmup);
	us         = pump(&r, workers, a, a->count);
	msgs_per_s = a->count / (us / 1e6);
	printf("{\"mode\":\"throughput\",\"url\":\"%s\",\"size\":%zu,\"count\":%d,"
	       "\"concurrency\":%d,\"msgs_per_s\":%.1f,\"mb_per_s\":%.2f}\n",
	    a->url, a->size, a->count, a->concurrency, msgs_per_s,
	    msgs_per_s * (double) a->size / 1e6);
	for (int i = 0; i < a->concurrency; i++) {
		nng_aio_free(workers[i].aio);
	}
	nng_cv_free(r.cv);
	nng_mtx_free(r.mtx);
	free(workers);
}

// --- req side: start-up and shutdown --------------------------------------------

// Counts connected workers, so the listening parent knows when all have dialled in.
typedef struct {
	nng_mtx *mtx;
	nng_cv  *cv;
	int      pipes;
} pipe_count;

static void
pipe_added(nng_pipe p, nng_pipe_ev ev, void *arg)
{
	pipe_count *c = arg;
	(void) p;
	(void) ev;
	nng_mtx_lock(c->mtx);
	c->pipes++;
	nng_cv_wake(c->cv);
	nng_mtx_unlock(c->mtx);
}

// --- processes ------------------------------------------------------------------

typedef struct {
	pid_t *pids;
	int    n;
	int    lifeline; // write end: closing it tells every child to exit
	int    go;       // write end: a byte per dialling worker once the parent listens; or -1
} children;

// Forks one echo server; it inherits the read ends of `life` and `go` (-1: it listens
// instead of dialling) and reports on a fresh pipe.
static pid_t
fork_one(const args *a, int contexts, int life[2], int go[2])
{
	int   ready[2];
	char  byte;
	pid_t pid;

	if (pipe(ready) != 0) {
		perror("nng_floor: pipe");
		exit(1);
	}
	if ((pid = fork()) < 0) {
		perror("nng_floor: fork");
		exit(1);
	}
	if (pid == 0) {
		close(ready[0]);
		close(life[1]);
		if (go[1] >= 0) {
			close(go[1]);
		}
		run_echo_server(a, contexts, go[0], ready[1], life[0]);
	}
	close(ready[1]);
	if (read(ready[0], &byte, 1) != 1) {
		fprintf(stderr, "nng_floor: echo server did not start\n");
		exit(1);
	}
	close(ready[0]);
	return (pid);
}

// Workers 0: one listening server with `concurrency` contexts; n: n dialling one-context
// workers. All are forked before NNG starts any thread in this process.
static children
fork_children(const args *a)
{
	children c;
	int      life[2], go[2] = { -1, -1 };
	int      n = a->workers > 0 ? a->workers : 1;

	if (pipe(life) != 0 || (a->workers > 0 && pipe(go) != 0)) {
		perror("nng_floor: pipe");
		exit(1);
	}
	c.n    = n;
	c.pids = calloc((size_t) n, sizeof(pid_t));
	if (c.pids == NULL) {
		fatal("calloc", NNG_ENOMEM);
	}
	for (int i = 0; i < n; i++) {
		c.pids[i] = fork_one(a, a->workers > 0 ? 1 : a->concurrency, life, go);
	}
	close(life[0]);
	if (go[0] >= 0) {
		close(go[0]);
	}
	c.lifeline = life[1];
	c.go       = go[1];
	return (c);
}

// Closes the socket and the lifeline, then reaps every child; non-zero if one misbehaved.
static int
stop_children(nng_socket s, children *c)
{
	int status, bad = 0;
	nng_close(s);
	close(c->lifeline);
	for (int i = 0; i < c->n; i++) {
		if (waitpid(c->pids[i], &status, 0) != c->pids[i] || !WIFEXITED(status)) {
			kill(c->pids[i], SIGKILL);
			bad = 1;
		}
	}
	free(c->pids);
	if (bad) {
		fprintf(stderr, "nng_floor: an echo server did not exit cleanly\n");
	}
	return (bad);
}

// --- sockets --------------------------------------------------------------------

static nng_socket
open_req(void)
{
	nng_socket s;
	int        rv;
	if ((rv = nng_req0_open(&s)) != 0) {
		fatal("nng_req0_open", rv);
	}
	lift_size_limit(s);
	return (s);
}

static nng_socket
dial_req(const args *a)
{
	nng_socket s = open_req();
	int        rv;
	if ((rv = nng_dial(s, a->url, NULL, 0)) != 0) {
		fatal("nng_dial", rv);
	}
	return (s);
}

// Listens, tells the workers to dial, and waits (at most 30 s) until every one has connected.
static nng_socket
listen_req(const args *a, children *ch)
{
	nng_socket s = open_req();
	pipe_count c = { NULL, NULL, 0 };
	nng_time   deadline = nng_clock() + 30000;
	int        rv;

	if ((rv = nng_mtx_alloc(&c.mtx)) != 0 || (rv = nng_cv_alloc(&c.cv, c.mtx)) != 0) {
		fatal("nng_mtx/cv_alloc", rv);
	}
	if ((rv = nng_pipe_notify(s, NNG_PIPE_EV_ADD_POST, pipe_added, &c)) != 0) {
		fatal("nng_pipe_notify", rv);
	}
	if ((rv = nng_listen(s, a->url, NULL, 0)) != 0) {
		fatal("nng_listen", rv);
	}
	for (int i = 0; i < ch->n; i++) {
		if (write(ch->go, "g", 1) != 1) {
			perror("nng_floor: write");
			exit(1);
		}
	}
	close(ch->go);
	nng_mtx_lock(c.mtx);
	while (c.pipes < a->workers && rv == 0) {
		rv = nng_cv_until(c.cv, deadline);
	}
	nng_mtx_unlock(c.mtx);
	if (rv != 0) {
		fatal("waiting for workers", rv);
	}
	// Later pipe events must not touch `c` once this function returns.
	nng_pipe_notify(s, NNG_PIPE_EV_ADD_POST, NULL, NULL);
	nng_cv_free(c.cv);
	nng_mtx_free(c.mtx);
	return (s);
}

// --- main -----------------------------------------------------------------------

// Start-up (from `t0`, before any fork, to the first reply) and shutdown, in ms.
static int
run_startup(const args *a, double t0)
{
	children c = fork_children(a);
	nng_socket s = a->workers > 0 ? listen_req(a, &c) : dial_req(a);
	nng_msg   *msg = round_trip(s, make_msg(a->size));
	double     startup = now_us() - t0, t1;
	int        bad;

	nng_msg_free(msg);
	t1  = now_us();
	bad = stop_children(s, &c);
	printf("{\"mode\":\"startup\",\"url\":\"%s\",\"size\":%zu,\"workers\":%d,"
	       "\"startup_ms\":%.3f,\"shutdown_ms\":%.3f}\n",
	    a->url, a->size, a->workers, startup / 1e3, (now_us() - t1) / 1e3);
	return (bad);
}

int
main(int argc, char **argv)
{
	double     t0 = now_us();
	args       a  = parse_args(argc, argv);
	children   c;
	nng_socket s;
	int        bad;

	if (a.mode == STARTUP) {
		return (run_startup(&a, t0));
	}
	c = fork_children(&a);
	s = a.workers > 0 ? listen_req(&a, &c) : dial_req(&a);
	if (a.mode == THROUGHPUT) {
		run_throughput(&a, s);
	} else {
		run_latency(&a, s);
	}
	fflush(stdout);
	bad = stop_children(s, &c);
	return (bad);
}
