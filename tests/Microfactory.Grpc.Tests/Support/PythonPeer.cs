using System.Diagnostics;
using Microfactory.Testing;

namespace Microfactory.Grpc.Tests.Support;

/// <summary>
/// The real peer: Debian's python3-grpcio (installed by scripts/setup-test-deps.sh from scripts/apt-packages.txt).
/// Python code is generated from tests/interop/protos with Debian's own grpc_tools.protoc, once per test run.
/// </summary>
internal static class PythonPeer
{
    // Debian's interpreter: the python3 first on PATH may be another installation without grpcio.
    public const string Python = "/usr/bin/python3";

    private static readonly Lazy<Task<string>> GeneratedCode = new(GenerateAsync);

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string ScriptsDir => Path.Combine(RepoRoot, "tests", "interop", "python");

    public static Task<string> GeneratedCodeDir => GeneratedCode.Value;

    public static async Task<Process> StartAsync(string script, params string[] args)
    {
        var info = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = ScriptsDir,
        };
        info.ArgumentList.Add("-u");
        info.ArgumentList.Add(Path.Combine(ScriptsDir, script));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["PYTHONPATH"] = await GeneratedCodeDir;
        return Process.Start(info) ?? throw new InvalidOperationException($"Could not start {Python} {script}.");
    }

    /// <summary>Runs a script to its end; returns its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string script, string awaited, params string[] args)
    {
        using var process = await StartAsync(script, args);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().Within(awaited);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    private static async Task<string> GenerateAsync()
    {
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException($"{Python} is missing: run 'bash scripts/setup-test-deps.sh' (installs python3-grpcio and python3-grpc-tools).");
        }

        var output = Directory.CreateTempSubdirectory("mf-grpc-interop-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(output, recursive: true);
        var protos = Path.Combine(RepoRoot, "tests", "interop", "protos");
        var info = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = protos,
        };
        foreach (var arg in new[] { "-m", "grpc_tools.protoc", "-I", ".", $"--python_out={output}", $"--grpc_python_out={output}", "empty.proto", "messages.proto", "test.proto" })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().Within("grpc_tools.protoc to generate the Python interop code");
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"grpc_tools.protoc failed ({process.ExitCode}): {await stderr}. Is python3-grpc-tools installed? Run 'bash scripts/setup-test-deps.sh'.");
        }

        return output;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orleans.Network.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Orleans.Network.sln above {AppContext.BaseDirectory}.");
    }

    public static string Describe(Process process) => process.HasExited ? $"exited with {process.ExitCode}" : "still running";
}
