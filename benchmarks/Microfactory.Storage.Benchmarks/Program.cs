using System.Diagnostics;
using System.Globalization;
using Microfactory.Storage;
using Microfactory.Storage.AzureBlob;
using Microfactory.Storage.AzureBlob.Tests;
using Microfactory.Storage.Benchmarks;
using Microfactory.Storage.LocalDirectory;

// dotnet run -c Release --project benchmarks/Microfactory.Storage.Benchmarks -- [operations] [concurrency] [payload bytes] [--azurite-in-memory]
var numbers = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
var operations = numbers.Length > 0 ? numbers[0] : 5000;
var concurrency = numbers.Length > 1 ? numbers[1] : 32;
var payload = numbers.Length > 2 ? numbers[2] : 1024;
var azuriteInMemory = args.Contains("--azurite-in-memory");

await using var azurite = await AzuriteProcess.StartAsync(azuriteInMemory);
// The production defaults (Azure.Storage.Blobs with the store's retry options), not the tests' short timeout.
var azureStore = AzureBlobStore.FromConnectionString(azurite.ConnectionString, new AzureBlobStoreOptions { Container = "bench" });
await azureStore.CheckReadyAsync();
var directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "mf-bench-" + Guid.NewGuid().ToString("N"))).FullName;

var backends = new (string Name, IBlobStore Store)[]
{
    ("in-memory", new InMemoryBlobStore()),
    ("local directory (fsync)", new LocalDirectoryBlobStore(Path.Combine(directory, "durable"))),
    ("local directory (no fsync)", new LocalDirectoryBlobStore(Path.Combine(directory, "fast"), new LocalDirectoryStoreOptions { DurableWrites = false })),
    (azuriteInMemory ? "Azurite (in-memory)" : "Azurite (files)", azureStore),
};

Console.WriteLine($"{operations} operations per phase, {concurrency} concurrent workers, {payload}-byte blobs, {Environment.ProcessorCount} cores");
Console.WriteLine($"{"backend",-28} {"creates/s",12} {"grain writes/s",15} {"reads/s",12} {"client CPU µs/request",22} {"Azurite CPU µs/request",23} {"load avg",9}");
try
{
    foreach (var (name, store) in backends)
    {
        var clientBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var azuriteBefore = azurite.ProcessorTime;
        var figures = await new StoreLoad(store, operations, concurrency, payload).RunAsync();
        // Requests: creates 1, grain writes 2 (read + write), reads 1.
        var requests = operations * 4.0;
        var clientCpu = (Process.GetCurrentProcess().TotalProcessorTime - clientBefore).TotalMicroseconds / requests;
        var azuriteCpu = (azurite.ProcessorTime - azuriteBefore).TotalMicroseconds / requests;
        Console.WriteLine($"{name,-28} {figures.CreatesPerSecond,12:N0} {figures.GrainWritesPerSecond,15:N0} {figures.ReadsPerSecond,12:N0} {clientCpu,22:N0} {azuriteCpu,23:N0} {LoadAverage(),9}");
    }
}
finally
{
    Directory.Delete(directory, recursive: true);
}

Console.WriteLine("grain write = read + If-Match write of the same key (2 requests on Azure)");

// The machine's one-minute load average, so figures from a shared machine can be judged.
static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "-";
