using System.Diagnostics;
using Microfactory.Testing;

namespace Microfactory.Grpc.Tests.Support;

/// <summary>
/// The real peer: Debian's python3-grpcio through <see cref="PythonGrpc"/>, with Python code generated from
/// tests/interop/protos once per test run and the scripts of tests/interop/python.
/// </summary>
internal static class PythonPeer
{
    private static readonly Lazy<Task<string>> GeneratedCode = new(() => PythonGrpc.GenerateAsync(Path.Combine(RepositoryRoot.Path, "tests", "interop", "protos")));

    private static string Script(string name) => Path.Combine(RepositoryRoot.Path, "tests", "interop", "python", name);

    public static async Task<Process> StartAsync(string script, params string[] args) =>
        PythonGrpc.Start(Script(script), await GeneratedCode.Value, args);

    /// <summary>Runs a script to its end; returns its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string script, string awaited, params string[] args)
    {
        var result = await PythonGrpc.RunAsync(Script(script), await GeneratedCode.Value, args, awaited);
        return (result.ExitCode, result.StandardOutput + result.StandardError);
    }

    public static string Describe(Process process) => process.HasExited ? $"exited with {process.ExitCode}" : "still running";
}
