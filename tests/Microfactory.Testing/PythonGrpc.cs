using System.Diagnostics;

namespace Microfactory.Testing;

/// <summary>
/// A real gRPC peer: Debian's python3-grpcio (installed by scripts/setup-test-deps.sh). Python code for a set of
/// .proto files is generated with Debian's own grpc_tools.protoc into a temporary directory.
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

        var output = Directory.CreateTempSubdirectory("mf-python-grpc-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(output, recursive: true);
        var info = new ProcessStartInfo(Python) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = protoRoot };
        foreach (var arg in new[] { "-m", "grpc_tools.protoc", "-I", ".", $"--python_out={output}", $"--grpc_python_out={output}" })
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var proto in Directory.EnumerateFiles(protoRoot, "*.proto", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            info.ArgumentList.Add(System.IO.Path.GetRelativePath(protoRoot, proto));
        }

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().Within("grpc_tools.protoc to generate Python code");
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"grpc_tools.protoc failed ({process.ExitCode}): {await stderr}");
        }

        return output;
    }

    /// <summary>Starts a script with the generated code importable; stdout and stdin are redirected.</summary>
    public static Process Start(string script, string pythonPath, params string[] args)
    {
        var info = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-u");
        info.ArgumentList.Add(script);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["PYTHONPATH"] = pythonPath;
        info.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        return Process.Start(info) ?? throw new InvalidOperationException($"Could not start {Python} {script}.");
    }
}
