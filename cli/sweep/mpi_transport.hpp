#pragma once
// The few MPI calls a sweep makes, behind an interface that a plug-in implements
// (mpi_transport.cpp, built as libstratus_mpi.so only when CMake finds MPI). Why a plug-in:
// libsimgrid exports SMPI's own MPI_Init, MPI_Send, …, which would shadow Open MPI's in a
// binary linked with both (SMPI then aborts: "not properly initialized"). The plug-in looks
// Open MPI's functions up in libmpi itself; and a plain `stratus run` never loads MPI at all.
#include <memory>
#include <string>

namespace stratus::cli::sweep {

class MpiTransport {
 public:
  virtual ~MpiTransport() = default;  // MPI_Finalize
  virtual int rank() const = 0;
  virtual int size() const = 0;
  /// Rank 0's value, on every rank.
  virtual int broadcast(int value) = 0;
  /// Rank 0: a result message if one is waiting (never blocks); `from` gets its sender.
  virtual bool poll_result(std::string& text, int& from) = 0;
  /// Rank 0 → a rank: the next plan index, or -1 for no more.
  virtual void send_work(int to, int index) = 0;
  /// A worker: the next plan index from rank 0 (blocks).
  virtual int receive_work() = 0;
  /// A worker → rank 0.
  virtual void send_result(const std::string& text) = 0;
};

/// MPI_Init through the plug-in next to the executable (../lib/libstratus_mpi.so). Throws
/// std::runtime_error when the plug-in is absent (built without MPI) or cannot load.
std::unique_ptr<MpiTransport> load_mpi_transport();

}  // namespace stratus::cli::sweep

/// The plug-in's one entry point (MPI_Init happens here).
extern "C" stratus::cli::sweep::MpiTransport* stratus_mpi_transport_create();
