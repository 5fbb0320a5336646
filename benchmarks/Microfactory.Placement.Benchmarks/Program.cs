using System.Globalization;
using Azure.Storage.Blobs;
using Microfactory.Placement.Benchmarks;
using Microfactory.Placement.Benchmarks.Rebuild;
using Microfactory.Storage.AzureBlob.Tests;

// dotnet run -c Release --project benchmarks/Microfactory.Placement.Benchmarks -- [orders] [concurrency] [sites] [cells per site] [cities]
// ... -- rebuild [orders] [sites] [file,azureblob]: the start-up rebuild of the read models (Rebuild/RebuildBenchmark.cs)
if (args is [RebuildBenchmark.ChildMode, var kind])
{
    Console.WriteLine((await RebuildMeasurement.RunAsync(new StateLocation(kind, RebuildBenchmark.ChildLocation()))).ToLine());
    return;
}

if (args is ["rebuild", ..])
{
    await RebuildBenchmark.RunAsync(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000,
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000,
        args.Length > 3 ? args[3].Split(',') : [StateLocation.File, StateLocation.AzureBlob]);
    return;
}

var numbers = args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
var orders = numbers.Length > 0 ? numbers[0] : 2000;
var concurrency = numbers.Length > 1 ? numbers[1] : 32;
var sites = numbers.Length > 2 ? numbers[2] : 100;
var cellsPerSite = numbers.Length > 3 ? numbers[3] : 2;
var cities = numbers.Length > 4 ? numbers[4] : 8;

// One Orleans silo with grain state in Orleans' memory provider, then in Orleans' Azure Blob provider on a fresh
// Azurite (--inMemoryPersistence, so no row pays for blobs an earlier one left behind).
var rows = new (string Name, bool Azurite)[]
{
    ("silo, memory storage", false),
    ("silo, Azure Blob on Azurite", true),
};

Console.WriteLine($"{orders} orders, {concurrency} concurrent submitters, {sites} sites x {cellsPerSite} cells, {cities} cities, {Environment.ProcessorCount} cores");
Console.WriteLine($"{"grain state",-28} {"placements/s",13} {"writes/placement",17} {"requests/placement",19} {"p50 ms",8} {"p99 ms",8} " +
    $"{"Azurite CPU µs/placement",25} {"silo CPU µs/placement",22} {"load avg",9}");
foreach (var (name, onAzurite) in rows)
{
    await using var azurite = onAzurite ? await AzuriteProcess.StartAsync(inMemory: true, memoryLimitMegabytes: 4096) : null;
    var requests = new CountingPolicy();
    BlobServiceClient? blobs = null;
    if (azurite is not null)
    {
        var options = new BlobClientOptions { Retry = { NetworkTimeout = TimeSpan.FromSeconds(30) } };
        options.AddPolicy(requests, Azure.Core.HttpPipelinePosition.PerRetry);
        blobs = new BlobServiceClient(azurite.ConnectionString, options);
    }

    await using var node = await PlacementNode.StartAsync(blobs);
    await node.SeedAsync(cities, sites, cellsPerSite);
    var load = new PlacementLoad([node], orders, concurrency);
    await load.RunAsync("warm-up-" + Guid.NewGuid().ToString("N")[..6]); // activations, JIT, connections
    var (writesBefore, requestsBefore) = (node.Storage.Writes, requests.Requests);
    var azuriteBefore = azurite?.ProcessorTime ?? TimeSpan.Zero;
    var siloBefore = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
    var figures = await load.RunAsync("run-" + Guid.NewGuid().ToString("N")[..6]);
    var writes = node.Storage.Writes - writesBefore;
    var sent = requests.Requests - requestsBefore;
    var siloCpu = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - siloBefore).TotalMicroseconds / orders;
    var azuriteCpu = azurite is null ? "-" : ((azurite.ProcessorTime - azuriteBefore).TotalMicroseconds / orders).ToString("N0", CultureInfo.InvariantCulture);
    var perPlacement = azurite is null ? "-" : ((double)sent / orders).ToString("N2", CultureInfo.InvariantCulture);
    Console.WriteLine($"{name,-28} {figures.PlacementsPerSecond,13:N0} {(double)writes / orders,17:N2} {perPlacement,19} " +
        $"{figures.P50Milliseconds,8:N1} {figures.P99Milliseconds,8:N1} {azuriteCpu,25} {siloCpu,22:N0} {LoadAverage.OneMinute(),9}");
}

Console.WriteLine("A placement: IOrderGrain.SubmitAsync of a new order, through routing to a job queued on a site's cell (status Dispatched).");
Console.WriteLine("writes/placement: grain storage writes (Orleans IGrainStorage); requests/placement: HTTP requests to Azurite, reads included.");
