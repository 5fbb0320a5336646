using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace Microfactory.Testing;

/// <summary>
/// A long-running script of tests/interop/python on Debian's python3-grpcio (<see cref="PythonGrpc"/>), with the
/// agent contract's generated code importable, that prints one JSON event per line; killed when disposed.
/// </summary>
public sealed class PythonPeer : IAsyncDisposable
{
    private static readonly Lazy<Task<string>> ContractCode = new(() =>
        PythonGrpc.GenerateAsync(Path.Combine(RepositoryRoot.Path, "src", "Microfactory.Contracts", "Protos")));

    private readonly Process _process;
    private readonly ConcurrentQueue<JsonElement> _events = new();
    private readonly Task _reading;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PythonPeer(Process process)
    {
        _process = process;
        _reading = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                _events.Enqueue(JsonDocument.Parse(line).RootElement.Clone());
                Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            }

            Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        });
    }

    public IReadOnlyList<JsonElement> Events => [.. _events];

    /// <summary>The Python code generated from src/Microfactory.Contracts/Protos (once per test run); the directory for PYTHONPATH.</summary>
    public static Task<string> ContractCodeAsync() => ContractCode.Value;

    /// <summary>The full path of a script in tests/interop/python.</summary>
    public static string Script(string name) => Path.Combine(RepositoryRoot.Path, "tests", "interop", "python", name);

    public static async Task<PythonPeer> StartAsync(string script, params string[] args) =>
        new(PythonGrpc.Start(Script(script), await ContractCodeAsync().ConfigureAwait(false), args));

    /// <summary>Waits for an event of <paramref name="kind"/> matching <paramref name="match"/>.</summary>
    public Task<JsonElement> WaitForAsync(string kind, Func<JsonElement, bool>? match = null, string? what = null)
    {
        return Poll().Within(what ?? $"the Python peer to report '{kind}'");

        async Task<JsonElement> Poll()
        {
            while (true)
            {
                var changed = Volatile.Read(ref _changed).Task; // taken before looking, so no event slips between
                var found = _events.FirstOrDefault(e => e.GetProperty("event").GetString() == kind && (match is null || match(e)));
                if (found.ValueKind != JsonValueKind.Undefined)
                {
                    return found;
                }

                if (_reading.IsCompleted)
                {
                    await _process.WaitForExitAsync().ConfigureAwait(false);
                    throw new InvalidOperationException($"The Python peer exited ({_process.ExitCode}) without '{kind}': {await _process.StandardError.ReadToEndAsync().ConfigureAwait(false)}");
                }

                await changed.ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync().Within("the Python peer to exit");
        _process.Dispose();
    }
}
