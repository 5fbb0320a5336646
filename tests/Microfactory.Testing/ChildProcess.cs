using System.Diagnostics;

namespace Microfactory.Testing;

/// <summary>
/// One run of a .NET app as a child process: its output appended to a log file, killed (process tree) on dispose.
/// <see cref="KillHard"/> is kill -9: no shutdown code runs, as when a machine loses power; <see cref="StopGracefullyAsync"/>
/// is SIGTERM, as an orchestrator stops a container. Only the given environment is added: inherited <c>OTEL_*</c>
/// variables are removed, so a developer's or CI runner's collector never receives a test's telemetry.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private ChildProcess(Process process, StreamWriter log, string logPath)
    {
        _process = process;
        _log = log;
        LogPath = logPath;
    }

    public string LogPath { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static ChildProcess Start(string dll, string workingDirectory, string logPath, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith("OTEL_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(inherited);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var log = new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start dotnet {dll}.");
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ChildProcess(process, log, logPath);
    }

    /// <summary>SIGTERM (through /bin/sh's built-in kill: .NET can only send SIGKILL), then waits for the app to shut down.</summary>
    public async Task StopGracefullyAsync()
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("/bin/sh", ["-c", "kill -TERM " + _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync().Within("kill -TERM to run");
        }

        await _process.WaitForExitAsync().Within($"{Path.GetFileName(LogPath)}'s process to exit after SIGTERM", TimeSpan.FromSeconds(30));
    }

    /// <summary>SIGKILL to the whole tree, then waits until the process is gone (so its ports and files are free).</summary>
    public async Task KillHard()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync().Within($"{Path.GetFileName(LogPath)}'s process to die after kill -9", TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillHard();
        }
        finally
        {
            _process.Dispose();
            lock (_log)
            {
                _log.Dispose();
            }
        }
    }

    private static void Append(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            if (log.BaseStream is { CanWrite: true })
            {
                log.WriteLine(line);
            }
        }
    }
}
