using System.Diagnostics;
using System.Text;
using Microfactory.Testing;

namespace Microfactory.Telemetry.Tests;

/// <summary>
/// One of the project's apps run as a process of its own from its build output, with configuration in environment
/// variables only (its content root is an empty directory, so no appsettings.json adds cells or keys).
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AppProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <c>src/{project}/bin/{configuration}/net10.0/{project}.dll</c>, built with this test project.</summary>
    public static AppProcess Start(string project, string contentRoot, IReadOnlyDictionary<string, string> environment)
    {
        var dll = BuiltDll(project);
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--contentRoot");
        info.ArgumentList.Add(contentRoot);
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("OTEL_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {dll}.");
        var app = new AppProcess(project, process);
        process.OutputDataReceived += (_, e) => app.Append(e.Data);
        process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    /// <summary>Asks the app to stop as an orchestrator would (SIGTERM), so it flushes what it has not exported yet.</summary>
    public async Task StopGracefullyAsync()
    {
        if (!_process.HasExited)
        {
            // The shell's built-in kill: .NET can only send SIGKILL, and a kill binary is not on every image.
            using var kill = Process.Start("/bin/sh", ["-c", "kill -TERM " + _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync().Within("kill -TERM to run");
        }

        await _process.WaitForExitAsync().Within($"{Name} to exit after SIGTERM\n{Output}", TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static string BuiltDll(string project)
    {
        // This test assembly sits in tests/<name>/bin/<configuration>/net10.0: the apps were built in the same configuration.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var dll = Path.Combine(RepositoryRoot.Path, "src", project, "bin", configuration, "net10.0", project + ".dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"{project} is not built in {configuration}; build the solution first.", dll);
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
