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

// Grain state as a blob per grain on each backend. Every Azurite row gets a fresh Azurite, so no row pays for the blobs an earlier row left behind. A blob per grain rewrites
// each site's whole state per placement, so its Azurite needs room for every old version until Azurite collects them.
var rows = new (string Name, bool Azurite, int Nodes)[]
{
    ("in-memory, blobs", false, 1),
    ("Azurite, blobs", true, 1),
};

Console.WriteLine($"{orders} orders, {concurrency} concurrent submitters, {sites} sites x {cellsPerSite} cells, {cities} cities, {Environment.ProcessorCount} cores");
Console.WriteLine($"{"backend, grain state",-22} {"placements/s",13} {"requests/placement",19} {"writes/placement",17} {"grain writes/s",15} {"p50 ms",8} {"p99 ms",8} " +
    $"{"Azurite CPU µs/req",19} {"Azurite CPU µs/placement",25} {"node CPU µs/placement",22} {"load avg",9}");
foreach (var (name, onAzurite, nodeCount) in rows)
{
    await using var azurite = onAzurite ? await AzuriteProcess.StartAsync(inMemory: true, memoryLimitMegabytes: 4096) : null;
    var shared = azurite is null ? new InMemoryBlobStore() : null;
    var stores = new List<CountingBlobStore>();
    var disposables = new List<IAsyncDisposable>();
    var nodes = new List<PlacementNode>();
    try
    {
        for (var n = 0; n < nodeCount; n++)
        {
            IBlobStore inner = shared ?? (IBlobStore)AzureBlobStore.FromConnectionString(azurite!.ConnectionString, new AzureBlobStoreOptions { Container = "placements" });
            await inner.CheckReadyAsync();
            var store = new CountingBlobStore(inner);
            var node = new PlacementNode(store, new BlobStateStore(store));
            stores.Add(store);
            nodes.Add(node);
            disposables.Add(node);
        }

        await nodes[0].SeedAsync(cities, sites, cellsPerSite);
        foreach (var other in nodes.Skip(1))
        {
            await other.LoadAsync(nodes[0].CityIds);
        }

        var load = new PlacementLoad(nodes, orders, concurrency);
        await load.RunAsync("warm-up-" + Guid.NewGuid().ToString("N")[..6]); // activations, JIT, connections
        var (readsBefore, writesBefore) = (stores.Sum(s => s.Reads), stores.Sum(s => s.Writes));
        var azuriteBefore = azurite?.ProcessorTime ?? TimeSpan.Zero;
        var nodeBefore = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var figures = await load.RunAsync("run-" + Guid.NewGuid().ToString("N")[..6]);
        var (reads, writes) = (stores.Sum(s => s.Reads) - readsBefore, stores.Sum(s => s.Writes) - writesBefore);
        var nodeCpu = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - nodeBefore).TotalMicroseconds / orders;
        var azuriteCpu = azurite is null ? TimeSpan.Zero : azurite.ProcessorTime - azuriteBefore;
        string PerAzurite(double divisor) => azurite is null ? "-" : (azuriteCpu.TotalMicroseconds / Math.Max(1, divisor)).ToString("N0", CultureInfo.InvariantCulture);
        Console.WriteLine($"{name,-22} {figures.PlacementsPerSecond,13:N0} {(double)(reads + writes) / orders,19:N2} {(double)writes / orders,17:N2} " +
            $"{writes / figures.Elapsed.TotalSeconds,15:N0} {figures.P50Milliseconds,8:N1} {figures.P99Milliseconds,8:N1} {PerAzurite(reads + writes),19} " +
            $"{PerAzurite(orders),25} {nodeCpu,22:N0} {LoadAverage.OneMinute(),9}");
    }
    finally
    {
        foreach (var disposable in disposables)
        {
            await disposable.DisposeAsync();
        }
    }
}

Console.WriteLine("A placement: IOrderGrain.SubmitAsync of a new order, through routing to a job queued on a site's cell (status Dispatched).");
