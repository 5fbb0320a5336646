using System.Diagnostics;
using Microfactory.Storage.LocalDirectory;
using Microfactory.Testing;

namespace Microfactory.Storage.Tests.LocalDirectory;

/// <summary>
/// A writer killed with SIGKILL mid-write leaves nothing behind once the store is next used, while a live writer in
/// another process keeps its upload in progress and finishes it.
/// </summary>
public sealed class LocalDirectoryCrashTests : IDisposable
{
    private const int Chunk = 256 * 1024;

    private readonly TempDirectory _directory = new();

    private string TempRoot => Path.Combine(_directory.Path, "tmp");

    [Fact]
    public async Task A_writer_killed_mid_write_leaves_no_temp_files_and_a_live_writer_in_another_process_keeps_its_own()
    {
        using var killed = StartWriter("never-finished");
        await WriteChunkAsync(killed, 0x11);
        var leftover = await TempFileGrowsAsync(before: [], "the killed writer's temp file");

        killed.Kill(); // SIGKILL on Unix: no finally blocks, no handles closed by the program itself
        await killed.WaitForExitAsync().Within("the killed writer to exit");
        Assert.True(File.Exists(leftover), "the kill left the writer's temp file behind, as a crash does");

        using var live = StartWriter("finished-later");
        await WriteChunkAsync(live, 0x22);
        var inProgress = await TempFileGrowsAsync(before: [leftover], "the live writer's temp file");

        // The orchestrator's store, opened after the crash: its first readiness check (GET /readyz) cleans up.
        var store = new LocalDirectoryBlobStore(_directory.Path, new LocalDirectoryStoreOptions { DurableWrites = false });
        await store.CheckReadyAsync().Within("the readiness check");

        Assert.False(File.Exists(leftover), $"the killed writer's temp file {leftover} is still there");
        Assert.False(Directory.Exists(Path.GetDirectoryName(leftover)), "the killed writer's temp directory is still there");
        Assert.True(File.Exists(inProgress), "the live writer's upload in progress was removed");

        await WriteChunkAsync(live, 0x33);
        live.StandardInput.Close();
        await live.WaitForExitAsync().Within("the live writer to finish its upload");
        var errors = await live.StandardError.ReadToEndAsync().Within("the live writer's error output");
        Assert.True(live.ExitCode == 0, $"the live writer exited with {live.ExitCode}: {errors}");

        var finished = await store.GetAsync("finished-later").Within("reading the live writer's blob");
        Assert.NotNull(finished);
        Assert.Equal(2 * Chunk, finished.Content.Length);
        Assert.Equal(0x22, finished.Content.Span[0]);
        Assert.Equal(0x33, finished.Content.Span[^1]);
        Assert.Null(await store.GetAsync("never-finished").Within("reading the killed writer's blob"));

        // Once every other writer has gone, a new instance's clean-up leaves only its own (empty) directory.
        var next = new LocalDirectoryBlobStore(_directory.Path, new LocalDirectoryStoreOptions { DurableWrites = false });
        await next.CheckReadyAsync().Within("a second readiness check");
        Assert.Empty(Directory.GetFiles(TempRoot, "*.tmp", SearchOption.AllDirectories));
    }

    public void Dispose() => _directory.Dispose();

    private Process StartWriter(string key)
    {
        var start = new ProcessStartInfo("dotnet", [WorkerPath(), _directory.Path, key])
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
        };
        return Process.Start(start) ?? throw new InvalidOperationException("UploadWorker did not start.");
    }

    private static async Task WriteChunkAsync(Process writer, byte value)
    {
        var stdin = writer.StandardInput.BaseStream;
        await stdin.WriteAsync(Enumerable.Repeat(value, Chunk).ToArray()).AsTask().Within($"writing a chunk to writer {writer.Id}");
        await stdin.FlushAsync().Within($"flushing writer {writer.Id}'s input");
    }

    /// <summary>Waits for a temp file other than <paramref name="before"/> to hold content: the write is under way.</summary>
    private async Task<string> TempFileGrowsAsync(string[] before, string what)
    {
        string? found = null;
        await Await.Until(() =>
        {
            found = Directory.Exists(TempRoot)
                ? Directory.GetFiles(TempRoot, "*.tmp", SearchOption.AllDirectories).Except(before).FirstOrDefault(f => new FileInfo(f).Length > 0)
                : null;
            return Task.FromResult(found is not null);
        }, what, TimeSpan.FromSeconds(60));
        return found!;
    }

    // bin/<Configuration>/<tfm>/ of this assembly, mirrored under UploadWorker/.
    private static string WorkerPath()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(output.Parent!.Parent!.Parent!.FullName, "UploadWorker", "bin", output.Parent.Name, output.Name, "UploadWorker.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"UploadWorker is not built at {path}.", path);
    }
}
