using Microfactory.Storage.Tests.Contract;
using Microfactory.Testing;

namespace Microfactory.Storage.AzureBlob.Tests;

/// <summary>Block uploads keep the write's condition and commit nothing when they fail part way.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlockUploadTests(AzuriteFixture azurite)
{
    private const int BlockSize = 64 * 1024;
    private const long Size = 20 * BlockSize + 17;

    private AzureBlobStore NewStore()
    {
        var options = AzuriteFixture.TestOptions();
        options.BlockSize = BlockSize;
        options.UploadParallelism = 3;
        return azurite.NewStore(options);
    }

    [Fact]
    public async Task A_multi_block_upload_commits_only_when_its_condition_holds()
    {
        var store = NewStore();
        var first = await store.UploadAsync("a", new GeneratedStream(Size, seed: 1), WriteCondition.IfNotExists).Within("first upload");

        var exists = await Assert.ThrowsAsync<StoreConflictException>(
            () => store.UploadAsync("a", new GeneratedStream(Size, seed: 2), WriteCondition.IfNotExists)).Within("create over an existing blob");
        var second = await store.UploadAsync("a", new GeneratedStream(Size, seed: 3), WriteCondition.IfMatches(first)).Within("replace with the current etag");
        var stale = await Assert.ThrowsAsync<StoreConflictException>(
            () => store.UploadAsync("a", new GeneratedStream(Size, seed: 4), WriteCondition.IfMatches(first))).Within("replace with a stale etag");

        Assert.Equal(StoreConflictKind.AlreadyExists, exists.Kind);
        Assert.Equal(StoreConflictKind.PreconditionFailed, stale.Kind);
        await using var download = (await store.OpenReadAsync("a").Within("open"))!;
        Assert.Equal(await GeneratedStream.Sha256Async(Size, seed: 3), await GeneratedStream.Sha256Async(download).Within("hash"));
        Assert.Equal(second, (await store.GetAsync("a").Within("get"))!.ETag);
    }

    [Fact]
    public async Task A_source_that_fails_part_way_fails_the_upload_and_commits_nothing()
    {
        var store = NewStore();

        var error = await Assert.ThrowsAsync<IOException>(
            () => store.UploadAsync("b", new FailingAfter(new GeneratedStream(Size, seed: 5), 7 * BlockSize + 3), WriteCondition.IfNotExists))
            .Within("upload from a failing source");

        Assert.Equal("source failed", error.Message);
        Assert.Null(await store.GetAsync("b").Within("get"));
    }

    private sealed class FailingAfter(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _read;
            set => throw new NotSupportedException();
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_read >= limit)
            {
                throw new IOException("source failed");
            }

            var n = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, limit - _read)], cancellationToken);
            _read += n;
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
