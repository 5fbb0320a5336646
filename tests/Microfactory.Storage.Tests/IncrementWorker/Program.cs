using System.Globalization;
using System.Text;
using Microfactory.Storage;
using Microfactory.Storage.LocalDirectory;

// IncrementWorker <store directory> <key> <increments> <workers>: read-modify-write increments with If-Match, retried on conflict.
if (args.Length != 4)
{
    Console.Error.WriteLine("usage: IncrementWorker <store directory> <key> <increments per worker> <workers>");
    return 2;
}

var store = new LocalDirectoryBlobStore(args[0], new LocalDirectoryStoreOptions { DurableWrites = false });
var key = args[1];
var increments = int.Parse(args[2], CultureInfo.InvariantCulture);
var workers = int.Parse(args[3], CultureInfo.InvariantCulture);

async Task IncrementAsync()
{
    for (var i = 0; i < increments; i++)
    {
        while (true)
        {
            var current = await store.GetAsync(key);
            var value = current is null ? 0 : int.Parse(Encoding.ASCII.GetString(current.Content.Span), CultureInfo.InvariantCulture);
            var condition = current is null ? WriteCondition.IfNotExists : WriteCondition.IfMatches(current.ETag);
            try
            {
                await store.PutAsync(key, Encoding.ASCII.GetBytes((value + 1).ToString(CultureInfo.InvariantCulture)), condition);
                break;
            }
            catch (StoreConflictException)
            {
                // another writer (maybe another process) won: re-read
            }
        }
    }
}

await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(IncrementAsync)));
return 0;
