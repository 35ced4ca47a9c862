// The C floor for bench/nng.js: NNG req/rep round trips between two processes, no binding in the way.
//
// usage: nng_floor <url> <size_bytes> <latency|throughput> <count> [concurrency]
// Prints one JSON line on stdout. The forked child is a rep echo server; the parent is req.

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

typedef struct {
	const char *url;
	size_t      size;
	int         throughput; // 0: latency, 1: throughput
	int         count;
	int         concurrency;
} args;

static void
usage(void)
{
	fprintf(stderr, "usage: nng_floor <url> <size_bytes> <latency|throughput> <count> "
	                "[concurrency]\n");
	exit(2);
}

static args
parse_args(int argc, char **argv)
{
	args a;
	if (argc < 5 || argc > 6) {
		usage();
	}
	a.url         = argv[1];
	a.size        = (size_t) strtoull(argv[2], NULL, 10);
	a.count       = atoi(argv[4]);
	a.concurrency = argc == 6 ? atoi(argv[5]) : 64;
	if (strcmp(argv[3], "latency") == 0) {
		a.throughput = 0;
	} else if (strcmp(argv[3], "throughput") == 0) {
		a.throughput = 1;
	} else {
		usage();
	}
	if (a.count < 1 || a.concurrency < 1) {
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

// Serves until the parent closes `lifeline` (or dies), then exits. `ready` gets one byte once
// the listener is bound, so the parent dials without guessing.
static void
run_echo_server(const args *a, int ready, int lifeline)
{
	nng_socket   s;
	echo_worker *workers = calloc((size_t) a->concurrency, sizeof(*workers));
	char         byte    = 0;
	int          rv;

	if (workers == NULL) {
		fatal("calloc", NNG_ENOMEM);
	}
	if ((rv = nng_rep0_open(&s)) != 0) {
		fatal("nng_rep0_open", rv);
	}
	lift_size_limit(s);
	start_echo_workers(s, workers, a->concurrency);
	if ((rv = nng_listen(s, a->url, NULL, 0)) != 0) {
		fatal("nng_listen", rv);
	}
	if (write(ready, &byte, 1) != 1) {
		_exit(1);
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
	int      warmup = a->count / 10 > 10 ? a->count / 10 : 10;
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
	int         warmup  = a->count / 10 > a->concurrency ? a->count / 10 : a->concurrency;
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

// --- main -----------------------------------------------------------------------

static nng_socket
dial_req(const args *a)
{
	nng_socket s;
	int        rv;
	if ((rv = nng_req0_open(&s)) != 0) {
		fatal("nng_req0_open", rv);
	}
	lift_size_limit(s);
	if ((rv = nng_dial(s, a->url, NULL, 0)) != 0) {
		fatal("nng_dial", rv);
	}
	return (s);
}

static pid_t
fork_echo_server(const args *a, int *lifeline)
{
	int   ready[2], life[2];
	char  byte;
	pid_t pid;

	if (pipe(ready) != 0 || pipe(life) != 0) {
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
		run_echo_server(a, ready[1], life[0]);
	}
	close(ready[1]);
	close(life[0]);
	if (read(ready[0], &byte, 1) != 1) {
		fprintf(stderr, "nng_floor: echo server did not start\n");
		exit(1);
	}
	close(ready[0]);
	*lifeline = life[1];
	return (pid);
}

int
main(int argc, char **argv)
{
	args       a = parse_args(argc, argv);
	int        lifeline, status;
	pid_t      child;
	nng_socket s;

	// Fork before NNG starts any thread in this process.
	child = fork_echo_server(&a, &lifeline);
	s     = dial_req(&a);
	if (a.throughput) {
		run_throughput(&a, s);
	} else {
		run_latency(&a, s);
	}
	fflush(stdout);
	nng_close(s);
	close(lifeline);
	if (waitpid(child, &status, 0) != child || !WIFEXITED(status)) {
		kill(child, SIGKILL);
		fprintf(stderr, "nng_floor: echo server did not exit cleanly\n");
		return (1);
	}
	return (0);
}
