// Every FsCheck property of this assembly starts from one fixed seed, so `dotnet test` generates
// the same cases on every machine and in every run, and a failure comes back when the test is run
// again. A property that names its own Replay keeps it. To explore with fresh seeds:
//   dotnet test -p:VwbRandomSeeds=true
// (FsCheck prints the seed of a failure; put it in the property's Replay to keep it.)
#if !VWB_RANDOM_SEEDS
[assembly: FsCheck.Xunit.Properties(Replay = "(20261130,11400714819323198485)")]
#endif
