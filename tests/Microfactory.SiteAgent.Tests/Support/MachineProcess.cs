using System.Diagnostics;
using System.Threading.Channels;

namespace Microfactory.SiteAgent.Tests.Support;

/// <summary>
/// One of the project's machine simulations (tests/machines/*.py) as a child process: commands on its standard input,
/// events read line by line from its standard output, killed with its process tree on dispose.
/// </summary>
internal sealed class MachineProcess : IAsyncDisposable
{
    public const string Python = "/usr/bin/python3";
    private readonly Process _process;
    private readonly Lock _gate = new();
    private readonly List<string> _events = [];
    private readonly List<string> _errors = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private MachineProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }

    public IReadOnlyList<string> Events { get { lock (_gate) { return [.. _events]; } } }

    /// <summary>Starts tests/machines/<paramref name="script"/> and waits for its "ready" line.</summary>
    public static async Task<MachineProcess> StartAsync(string script, params string[] arguments)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "machines", script);
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException($"{Python} is missing: run 'bash scripts/setup-test-deps.sh' (scripts/apt-packages.txt).");
        }

        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(path);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {path}.");
        var machine = new MachineProcess(process, script);
        process.OutputDataReceived += (_, e) => machine.Record(e.Data, error: false);
        process.ErrorDataReceived += (_, e) => machine.Record(e.Data, error: true);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await machine.WaitForAsync("ready", $"{script} to be ready");
        return machine;
    }

    public async Task SendAsync(string command)
    {
        await _process.StandardInput.WriteLineAsync(command);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Waits for an event line starting with <paramref name="prefix"/> (after <paramref name="skip"/> earlier such lines).</summary>
    public async Task<string> WaitForAsync(string prefix, string awaited, int skip = 0, TimeSpan? timeout = null)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                var found = _events.Where(e => e.StartsWith(prefix, StringComparison.Ordinal)).Skip(skip).FirstOrDefault();
                if (found is not null)
                {
                    return found;
                }

                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"{Name} exited ({_process.ExitCode}) while waiting for {awaited}: {string.Join(Environment.NewLine, _errors)}");
                }

                changed = _changed.Task;
            }

            await changed.Within($"{awaited} ({Name} said: {string.Join(" | ", Events.TakeLast(8))})", timeout);
        }
    }

    public int Count(string prefix) => Events.Count(e => e.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>kill -9: the machine (and its MQTT connection) vanishes without a word.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync().Within($"{Name} to die");
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Record(string? line, bool error)
    {
        if (line is null)
        {
            return;
        }

        TaskCompletionSource changed;
        lock (_gate)
        {
            (error ? _errors : _events).Add(line);
            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }
}
