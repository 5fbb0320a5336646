using System.Buffers;
using System.Security;
using System.Text;
using Azure.Core;

namespace Microfactory.Storage.AzureBlob;

/// <summary>
/// Streams an upload into a block blob one block at a time (Put Block), then commits the list with the write's
/// condition (Put Block List), so memory holds one block whatever the size. Content that fits one block goes up in a
/// single Put Blob. Block ids carry a per-upload prefix, so two uploads racing on one blob never mix their blocks;
/// the loser's uncommitted blocks are discarded by Azure.
/// </summary>
internal sealed class BlockUploader(AzureBlobStore store, string key, WriteCondition condition, int blockSize)
{
    // Azure's limit on blocks in one blob.
    private const int MaxBlocks = 50_000;

    private readonly string _uploadId = Guid.NewGuid().ToString("N")[..16];

    public async Task<string> UploadAsync(Stream content, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(blockSize);
        try
        {
            var filled = await FillAsync(content, buffer, cancellationToken).ConfigureAwait(false);
            if (filled < blockSize)
            {
                return await store.PutBlobAsync(key, buffer.AsMemory(0, filled), condition, cancellationToken).ConfigureAwait(false);
            }

            var blockIds = new List<string>();
            while (filled > 0)
            {
                if (blockIds.Count == MaxBlocks)
                {
                    throw new InvalidOperationException(
                        $"Upload to '{key}' exceeds {MaxBlocks} blocks of {blockSize} bytes; raise {nameof(AzureBlobStoreOptions.BlockSize)}.");
                }

                var blockId = Convert.ToBase64String(Encoding.ASCII.GetBytes($"{_uploadId}-{blockIds.Count:D6}"));
                await PutBlockAsync(blockId, buffer.AsMemory(0, filled), cancellationToken).ConfigureAwait(false);
                blockIds.Add(blockId);
                filled = await FillAsync(content, buffer, cancellationToken).ConfigureAwait(false);
            }

            return await PutBlockListAsync(blockIds, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<int> FillAsync(Stream content, byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < blockSize)
        {
            var n = await content.ReadAsync(buffer.AsMemory(filled, blockSize - filled), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            filled += n;
        }

        return filled;
    }

    private Task<bool> PutBlockAsync(string blockId, ReadOnlyMemory<byte> block, CancellationToken cancellationToken) =>
        store.SendWriteAsync(
            () =>
            {
                var message = store.Http.Create(RequestMethod.Put, key, ("comp", "block"), ("blockid", blockId));
                message.Request.Content = RequestContent.Create(block);
                return message;
            },
            201, _ => true, response => BlobErrors.For(response, $"upload a block of '{key}'", key), cancellationToken);

    private Task<string> PutBlockListAsync(List<string> blockIds, CancellationToken cancellationToken)
    {
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
        foreach (var id in blockIds)
        {
            xml.Append("<Latest>").Append(SecurityElement.Escape(id)).Append("</Latest>");
        }

        var body = Encoding.UTF8.GetBytes(xml.Append("</BlockList>").ToString());
        return store.SendWriteAsync(
            () =>
            {
                var message = store.Http.Create(RequestMethod.Put, key, ("comp", "blocklist"));
                AzureBlobStore.AddCondition(message.Request, condition);
                message.Request.Content = RequestContent.Create(body);
                return message;
            },
            201, AzureBlobStore.ETagOf, response => AzureBlobStore.WriteFailure(response, key, condition), cancellationToken);
    }
}
