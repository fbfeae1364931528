// Coyote's TestingEngine runs must not share a process concurrently (shared/DESIGN.md).
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
