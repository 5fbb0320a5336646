using System.Globalization;
using Microfactory.Placement.Benchmarks;
using Microfactory.Storage;
using Microfactory.Storage.AzureBlob;
using Microfactory.Storage.AzureBlob.Tests;

// dotnet run -c Release --project benchmarks/Microfactory.Placement.Benchmarks -- [orders] [concurrency] [sites] [cells per site] [cities]
var numbers = args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
var orders = numbers.Length > 0 ? numbers[0] : 2000;
var concurrency = numbers.Length > 1 ? numbers[1] : 32;
var sites = numbers.Length > 2 ? numbers[2] : 100;
var cellsPerSite = numbers.Length > 3 ? numbers[3] : 2;
var cities = numbers.Length > 4 ? numbers[4] : 8;

await using var azurite = await AzuriteProcess.StartAsync(inMemory: true);
var azureStore = AzureBlobStore.FromConnectionString(azurite.ConnectionString, new AzureBlobStoreOptions { Container = "placements" });
await azureStore.CheckReadyAsync();

var backends = new (string Name, IBlobStore Store)[]
{
    ("in-memory", new InMemoryBlobStore()),
    ("Azurite (in-memory)", azureStore),
};

Console.WriteLine($"{orders} orders, {concurrency} concurrent submitters, {sites} sites x {cellsPerSite} cells, {cities} cities, {Environment.ProcessorCount} cores");
Console.WriteLine($"{"backend",-20} {"placements/s",13} {"requests/placement",19} {"writes/placement",17} {"grain writes/s",15} {"p50 ms",8} {"p99 ms",8} {"Azurite CPU µs/req",19} {"load avg",9}");
foreach (var (name, inner) in backends)
{
    var store = new CountingBlobStore(inner);
    await using var node = new PlacementNode(store);
    await node.SeedAsync(cities, sites, cellsPerSite);
    var load = new PlacementLoad(node, orders, concurrency);
    await load.RunAsync("warm-up-" + Guid.NewGuid().ToString("N")[..6]); // activations, JIT, connections
    var (readsBefore, writesBefore, azuriteBefore) = (store.Reads, store.Writes, azurite.ProcessorTime);
    var figures = await load.RunAsync("run-" + Guid.NewGuid().ToString("N")[..6]);
    var (reads, writes) = (store.Reads - readsBefore, store.Writes - writesBefore);
    var azuriteCpu = ReferenceEquals(inner, azureStore)
        ? ((azurite.ProcessorTime - azuriteBefore).TotalMicroseconds / Math.Max(1, reads + writes)).ToString("N0", CultureInfo.InvariantCulture)
        : "-";
    Console.WriteLine($"{name,-20} {figures.PlacementsPerSecond,13:N0} {(double)(reads + writes) / orders,19:N2} {(double)writes / orders,17:N2} " +
        $"{writes / figures.Elapsed.TotalSeconds,15:N0} {figures.P50Milliseconds,8:N1} {figures.P99Milliseconds,8:N1} {azuriteCpu,19:N0} {LoadAverage.OneMinute(),9}");
}

Console.WriteLine("A placement: IOrderGrain.SubmitAsync of a new order, through routing to a job queued on a site's cell (status Dispatched).");
