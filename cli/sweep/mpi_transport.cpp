// The plug-in side of mpi_transport.hpp: built alone into libstratus_mpi.so, linked with MPI.
#include "cli/sweep/mpi_transport.hpp"

#include <dlfcn.h>
#include <mpi.h>

#include <stdexcept>
#include <string>

namespace stratus::cli::sweep {

namespace {

/// Open MPI's functions, looked up in libmpi itself: by name they would bind to the SMPI
/// versions libsimgrid already put in the global scope. The library is found through a symbol
/// only Open MPI defines (MPI_COMM_WORLD's object), so no file name is written here.
struct Api {
  decltype(&MPI_Init) init;
  decltype(&MPI_Finalize) finalize;
  decltype(&MPI_Comm_rank) comm_rank;
  decltype(&MPI_Comm_size) comm_size;
  decltype(&MPI_Bcast) bcast;
  decltype(&MPI_Iprobe) iprobe;
  decltype(&MPI_Get_count) get_count;
  decltype(&MPI_Recv) recv;
  decltype(&MPI_Send) send;

  Api() {
    Dl_info info{};
    if (dladdr(static_cast<void*>(MPI_COMM_WORLD), &info) == 0 || info.dli_fname == nullptr)
      throw std::runtime_error("cannot find the MPI library");
    void* lib = dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD);
    if (lib == nullptr) throw std::runtime_error(std::string("cannot open ") + info.dli_fname);
    init = find<decltype(init)>(lib, "MPI_Init");
    finalize = find<decltype(finalize)>(lib, "MPI_Finalize");
    comm_rank = find<decltype(comm_rank)>(lib, "MPI_Comm_rank");
    comm_size = find<decltype(comm_size)>(lib, "MPI_Comm_size");
    bcast = find<decltype(bcast)>(lib, "MPI_Bcast");
    iprobe = find<decltype(iprobe)>(lib, "MPI_Iprobe");
    get_count = find<decltype(get_count)>(lib, "MPI_Get_count");
    recv = find<decltype(recv)>(lib, "MPI_Recv");
    send = find<decltype(send)>(lib, "MPI_Send");
  }

  template <class F>
  static F find(void* lib, const char* name) {
    void* f = dlsym(lib, name);
    if (f == nullptr) throw std::runtime_error(std::string("no ") + name + " in the MPI library");
    return reinterpret_cast<F>(f);
  }
};

constexpr int kResultTag = 1;  // worker → rank 0: a result, or a first request for work
constexpr int kWorkTag = 2;    // rank 0 → worker: a plan index, or -1

class OpenMpiTransport final : public MpiTransport {
 public:
  OpenMpiTransport() {
    mpi_.init(nullptr, nullptr);
    mpi_.comm_rank(MPI_COMM_WORLD, &rank_);
    mpi_.comm_size(MPI_COMM_WORLD, &size_);
  }
  ~OpenMpiTransport() override { mpi_.finalize(); }
  int rank() const override { return rank_; }
  int size() const override { return size_; }
  int broadcast(int value) override {
    mpi_.bcast(&value, 1, MPI_INT, 0, MPI_COMM_WORLD);
    return value;
  }
  bool poll_result(std::string& text, int& from) override {
    int flag = 0;
    MPI_Status status;
    mpi_.iprobe(MPI_ANY_SOURCE, kResultTag, MPI_COMM_WORLD, &flag, &status);
    if (!flag) return false;
    int length = 0;
    mpi_.get_count(&status, MPI_CHAR, &length);
    text.assign(static_cast<std::size_t>(length), '\0');
    mpi_.recv(text.data(), length, MPI_CHAR, status.MPI_SOURCE, kResultTag, MPI_COMM_WORLD,
              MPI_STATUS_IGNORE);
    from = status.MPI_SOURCE;
    return true;
  }
  void send_work(int to, int index) override { mpi_.send(&index, 1, MPI_INT, to, kWorkTag, MPI_COMM_WORLD); }
  int receive_work() override {
    int index = -1;
    mpi_.recv(&index, 1, MPI_INT, 0, kWorkTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    return index;
  }
  void send_result(const std::string& text) override {
    mpi_.send(text.data(), static_cast<int>(text.size()), MPI_CHAR, 0, kResultTag, MPI_COMM_WORLD);
  }

 private:
  Api mpi_;
  int rank_ = 0, size_ = 1;
};

}  // namespace

}  // namespace stratus::cli::sweep

extern "C" stratus::cli::sweep::MpiTransport* stratus_mpi_transport_create() {
  return new stratus::cli::sweep::OpenMpiTransport();
}
