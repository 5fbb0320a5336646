using Microfactory.Planning.Benchmarks;

// Usage: dotnet run -c Release --project benchmarks/Microfactory.Planning.Benchmarks [-- runs small-seeds]
var runs = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 3;
var smallSeeds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20;

Console.WriteLine($"Rebalance planner benchmark: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {runs} timed runs per size");
PlanTiming.Run(sites: 200, cities: 20, orders: 20_000, runs);
PlanTiming.Run(sites: 1_000, cities: 100, orders: 100_000, runs);
OptimumComparison.Run(smallSeeds);
