#pragma once
// The serverless part of the cloud bill, as AWS Lambda charges it (us-east-1 prices): requests,
// on-demand duration × memory (GB-s) by architecture, provisioned concurrency, and the
// monthly free tier shared by the account's functions.
#include <cstdint>
#include <vector>

namespace stratus::models {

struct ServerlessPricing {
  double x86_per_gb_s = 0.0000166667;
  double arm_per_gb_s = 0.0000133334;
  double per_million_requests = 0.20;
  double granularity_s = 0.001;  // duration rounding: 1 ms; 100 ms before December 2020
  // Since August 2025 a cold start's INIT phase is billed as duration, with the handler's, for
  // on-demand functions; before, managed runtimes initialised for free.
  bool bill_init = true;
  bool free_tier = false;  // per month: applied by bill_account to one month's usage
  double free_requests = 1e6;
  double free_gb_s = 400000;
  // Provisioned concurrency: enabled GB-s, plus the duration that ran on it at a lower rate.
  double provisioned_per_gb_s = 0.0000041667;
  double provisioned_duration_per_gb_s = 0.0000097222;
  double arm_provisioned_per_gb_s = 0.0000033334;
  double arm_provisioned_duration_per_gb_s = 0.0000077778;
};

/// One invocation's duration rounded UP to the granularity, at least one unit. Floating-point
/// residue of an exact multiple (0.3 s / 0.1 s) is not rounded up. Throws std::invalid_argument
/// on a negative duration or a granularity that is not > 0.
double billed_duration_s(double duration_s, double granularity_s);

/// Lambda's GB-s: memory in MB / 1024 × billed seconds (1,536 MB for 1 s is 1.5 GB-s).
double gb_seconds(double memory_mb, double billed_s);

struct FunctionUsage {
  std::uint64_t requests = 0;        // every invocation, on-demand or provisioned
  double gb_s = 0;                   // on-demand billed duration × memory
  double provisioned_gb_s = 0;       // provisioned concurrency enabled: environments × memory × time
  double provisioned_used_gb_s = 0;  // billed duration × memory that ran on provisioned environments
  bool arm = false;
};

struct FunctionBill {
  double requests_usd = 0;
  double compute_usd = 0;      // on-demand duration
  double provisioned_usd = 0;  // enabled concurrency plus the duration that ran on it
  double total_usd = 0;
};

/// One function's bill without the free tier (bill_account applies it).
FunctionBill bill_function(const FunctionUsage& u, const ServerlessPricing& p);

/// Each function's bill for one month of usage, in the same order. With p.free_tier the free
/// requests and GB-s are shared across the functions, used up in order; as on AWS, functions
/// with provisioned concurrency enabled get none of it.
std::vector<FunctionBill> bill_account(const std::vector<FunctionUsage>& functions,
                                       const ServerlessPricing& p);

}  // namespace stratus::models
