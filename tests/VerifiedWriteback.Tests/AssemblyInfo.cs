// Coyote's TestingEngine runs must not share a process concurrently (Coyote's own test suites turn xunit parallelization off for them).
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
