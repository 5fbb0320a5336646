using Microfactory.Storage;
using Microfactory.Storage.LocalDirectory;

// UploadWorker <store directory> <key>: uploads standard input as one blob, so a test decides how far the write gets.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: UploadWorker <store directory> <key>");
    return 2;
}

var store = new LocalDirectoryBlobStore(args[0], new LocalDirectoryStoreOptions { DurableWrites = false });
await using var input = Console.OpenStandardInput();
await store.UploadAsync(args[1], input, WriteCondition.None);
return 0;
