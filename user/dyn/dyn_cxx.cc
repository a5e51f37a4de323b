/*
 * C++ with libstdc++ and libgcc_s, dynamically linked (glibc only: Debian's
 * libstdc++ is built for it): exceptions thrown and caught across the
 * libraries (unwinding through libgcc_s reads the program's and the
 * libraries' .eh_frame_hdr through dl_iterate_phdr), std::string, iostream,
 * vector, map, static constructors and destructors, std::thread.
 */
#include <algorithm>
#include <iostream>
#include <map>
#include <memory>
#include <numeric>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

static int checks, failed;

static void check(bool ok, const char *what)
{
	checks++;
	if (!ok)
		failed++;
	std::cout << (ok ? "ok " : "FAIL ") << what << std::endl;
}
#define CHECK(c) check((c), #c)

struct noisy {
	std::string name;
	explicit noisy(std::string n) : name(std::move(n)) { std::cout << "construct " << name << std::endl; }
	~noisy() { std::cout << "destroy " << name << std::endl; }
};

static noisy global_object("global");

struct my_error : std::runtime_error {
	int code;
	my_error(const std::string &what, int c) : std::runtime_error(what), code(c) {}
};

static int deep(int n)
{
	noisy guard("frame " + std::to_string(n));
	if (n == 0)
		throw my_error("bottom reached", 7);
	return deep(n - 1) + 1;
}

int main()
{
	std::cout << "test dyn_cxx" << std::endl;

	/* thrown here, through frames with destructors to run */
	try {
		deep(3);
		CHECK(false);
	} catch (const my_error &e) {
		CHECK(e.code == 7);
		CHECK(std::string(e.what()) == "bottom reached");
	}
	/* thrown inside libstdc++ */
	std::vector<int> v{5, 3, 9, 1};
	try {
		v.at(10);
		CHECK(false);
	} catch (const std::out_of_range &e) {
		CHECK(true);
	}
	try {
		std::stoi("not a number");
		CHECK(false);
	} catch (const std::invalid_argument &) {
		CHECK(true);
	}
	/* rethrown, and caught as a base class */
	try {
		try {
			throw std::logic_error("inner");
		} catch (...) {
			throw;
		}
	} catch (const std::exception &e) {
		CHECK(std::string(e.what()) == "inner");
	}

	std::sort(v.begin(), v.end());
	CHECK((v == std::vector<int>{1, 3, 5, 9}));
	CHECK(std::accumulate(v.begin(), v.end(), 0) == 18);

	std::string s = "dynamic";
	s += " linking";
	CHECK(s.size() == 15);
	CHECK(s.find("link") == 8);
	std::ostringstream os;
	os << s << ' ' << 42 << ' ' << 2.5;
	CHECK(os.str() == "dynamic linking 42 2.5");

	std::map<std::string, int> m;
	for (const char *w : {"b", "a", "c", "a"})
		m[w]++;
	for (const auto &kv : m)
		std::cout << kv.first << "=" << kv.second << std::endl;

	auto p = std::make_unique<noisy>("owned");
	p.reset();

	/* an exception inside a thread, caught there */
	int thread_caught = 0;
	std::thread t([&] {
		try {
			throw 5;
		} catch (int x) {
			thread_caught = x;
		}
	});
	t.join();
	CHECK(thread_caught == 5);

	std::cout << "done: " << checks << " checks, " << failed << " failed" << std::endl;
	return failed ? 1 : 0;
}
