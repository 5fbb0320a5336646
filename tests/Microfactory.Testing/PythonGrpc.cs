using System.Diagnostics;

namespace Microfactory.Testing;

/// <summary>
/// A real gRPC peer: Debian's python3-grpcio (installed by scripts/setup-test-deps.sh). Python code for a set of
/// .proto files is generated with Debian's own grpc_tools.protoc into a temporary directory; scripts run with it
/// on PYTHONPATH and their own folder as working directory.
/// </summary>
public static class PythonGrpc
{
    // Debian's interpreter: the python3 first on PATH may be another installation without grpcio.
    public const string Python = "/usr/bin/python3";

    /// <summary>Generates Python modules for every .proto under <paramref name="protoRoot"/>; returns the directory to put on PYTHONPATH.</summary>
    public static async Task<string> GenerateAsync(string protoRoot)
    {
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException($"{Python} is missing: run 'bash scripts/setup-test-deps.sh' (installs python3-grpcio and python3-grpc-tools).");
        }

        var protos = Directory.EnumerateFiles(protoRoot, "*.proto", SearchOption.AllDirectories)
            .Select(proto => System.IO.Path.GetRelativePath(protoRoot, proto))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (protos.Count == 0)
        {
            throw new InvalidOperationException($"No .proto files under {protoRoot}.");
        }

        var output = Directory.CreateTempSubdirectory("mf-python-grpc-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(output, recursive: true);
        string[] arguments = ["-m", "grpc_tools.protoc", "-I", ".", $"--python_out={output}", $"--grpc_python_out={output}", .. protos];
        var result = await ProcessRunner.RunAsync(Python, arguments, $"grpc_tools.protoc to generate Python code for {protoRoot}", workingDirectory: protoRoot).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"grpc_tools.protoc failed ({result.ExitCode}) on {protoRoot}: {result.StandardError}. Is python3-grpc-tools installed? Run 'bash scripts/setup-test-deps.sh'.");
        }

        return output;
    }

    /// <summary>Starts a script with the generated code importable; stdin, stdout and stderr are redirected.</summary>
    public static Process Start(string script, string pythonPath, params string[] args) => Start(script, pythonPath, new Dictionary<string, string>(), args);

    /// <summary>As <see cref="Start(string, string, string[])"/>, with <paramref name="environment"/> added to the script's environment.</summary>
    public static Process Start(string script, string pythonPath, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = ScriptDirectory(script),
        };
        info.ArgumentList.Add("-u");
        info.ArgumentList.Add(script);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in Environment(pythonPath).Concat(environment))
        {
            info.Environment[name] = value;
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"Could not start {Python} {script}.");
    }

    /// <summary>Runs a script to its end (time limit with <paramref name="what"/> in the message), feeding it <paramref name="standardInput"/>.</summary>
    public static Task<ProcessResult> RunAsync(string script, string pythonPath, IEnumerable<string> args, string what, string? standardInput = null) =>
        ProcessRunner.RunAsync(Python, ["-u", script, .. args], what, standardInput, Environment(pythonPath), ScriptDirectory(script));

    private static Dictionary<string, string> Environment(string pythonPath) =>
        new() { ["PYTHONPATH"] = pythonPath, ["PYTHONDONTWRITEBYTECODE"] = "1" };

    private static string ScriptDirectory(string script) => System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(script))!;
}
