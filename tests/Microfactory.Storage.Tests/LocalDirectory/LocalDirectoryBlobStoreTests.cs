using System.Text;
using Microfactory.Storage.LocalDirectory;
using Microfactory.Testing;

namespace Microfactory.Storage.Tests.LocalDirectory;

/// <summary>What the local directory backend promises beyond the shared contract: files, restarts, readiness.</summary>
public sealed class LocalDirectoryBlobStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Blobs_and_etags_survive_a_restart()
    {
        var etag = await new LocalDirectoryBlobStore(_directory.Path).PutAsync("site/osaka-01", "state"u8.ToArray(), WriteCondition.IfNotExists)
            .Within("put before the restart");

        var reopened = new LocalDirectoryBlobStore(_directory.Path);
        var blob = await reopened.GetAsync("site/osaka-01").Within("get after the restart");

        Assert.Equal("state", Encoding.UTF8.GetString(blob!.Content.Span));
        Assert.Equal(etag, blob.ETag);
        await reopened.PutAsync("site/osaka-01", "next"u8.ToArray(), WriteCondition.IfMatches(etag)).Within("conditional put after the restart");
    }

    [Fact]
    public async Task A_key_and_keys_below_it_coexist_as_in_azure()
    {
        var store = new LocalDirectoryBlobStore(_directory.Path);
        await store.PutAsync("a/b", "parent"u8.ToArray(), WriteCondition.None).Within("put a/b");
        await store.PutAsync("a/b/c", "child"u8.ToArray(), WriteCondition.None).Within("put a/b/c");

        Assert.Equal("parent", Encoding.UTF8.GetString((await store.GetAsync("a/b").Within("get a/b"))!.Content.Span));
        Assert.Equal("child", Encoding.UTF8.GetString((await store.GetAsync("a/b/c").Within("get a/b/c"))!.Content.Span));
    }

    [Fact]
    public async Task An_open_reader_keeps_reading_the_version_it_opened_while_a_writer_replaces_it()
    {
        var store = new LocalDirectoryBlobStore(_directory.Path);
        await store.PutAsync("artifact", "old-content"u8.ToArray(), WriteCondition.None).Within("put old");
        await using var reader = (await store.OpenReadAsync("artifact").Within("open old"))!;

        await store.PutAsync("artifact", "new"u8.ToArray(), WriteCondition.None).Within("put new");
        using var copy = new MemoryStream();
        await reader.CopyToAsync(copy).Within("read the opened version");

        Assert.Equal("old-content", Encoding.UTF8.GetString(copy.ToArray()));
        Assert.Equal(11, reader.Length);
    }

    [Fact]
    public async Task Failed_and_successful_writes_leave_no_temp_files()
    {
        var store = new LocalDirectoryBlobStore(_directory.Path);
        await store.PutAsync("k", "1"u8.ToArray(), WriteCondition.IfNotExists).Within("put");
        await Assert.ThrowsAsync<StoreConflictException>(() => store.PutAsync("k", "2"u8.ToArray(), WriteCondition.IfNotExists)).Within("conflicting put");
        await Assert.ThrowsAsync<StoreConflictException>(
            () => store.UploadAsync("k", new MemoryStream("3"u8.ToArray()), WriteCondition.IfMatches("\"0x0\""))).Within("conflicting upload");

        Assert.Empty(Directory.GetFiles(Path.Combine(_directory.Path, "tmp"), "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task The_readiness_check_removes_temp_files_abandoned_by_crashed_writers_but_not_fresh_ones()
    {
        var store = new LocalDirectoryBlobStore(_directory.Path);
        await store.CheckReadyAsync().Within("first readiness check");
        var abandoned = Path.Combine(_directory.Path, "tmp", "crashed.tmp");
        var fresh = Path.Combine(_directory.Path, "tmp", "in-flight.tmp");
        await File.WriteAllTextAsync(abandoned, "half a blob");
        await File.WriteAllTextAsync(fresh, "a blob being written");
        File.SetLastWriteTimeUtc(abandoned, DateTime.UtcNow - TimeSpan.FromDays(1));

        await store.CheckReadyAsync().Within("readiness check");

        Assert.False(File.Exists(abandoned));
        Assert.True(File.Exists(fresh));
    }

    [Fact]
    public async Task A_directory_that_cannot_be_created_is_unavailable_with_the_reason()
    {
        // A path below a regular file cannot be a directory, whoever runs the test (root ignores permission bits).
        var file = Path.Combine(_directory.Path, "plain-file");
        await File.WriteAllTextAsync(file, "not a directory");
        var store = new LocalDirectoryBlobStore(Path.Combine(file, "store"));

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.CheckReadyAsync()).Within("readiness check");

        Assert.Contains(Path.Combine(file, "store"), error.Message, StringComparison.Ordinal);
        Assert.Contains("not writable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Key_segments_longer_than_a_file_name_are_rejected_with_the_limit()
    {
        var store = new LocalDirectoryBlobStore(_directory.Path);
        var error = Assert.Throws<ArgumentException>(() => store.GetAsync("a/" + new string('x', 300)).GetAwaiter().GetResult());
        Assert.Contains("at most 250 characters", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();
}
