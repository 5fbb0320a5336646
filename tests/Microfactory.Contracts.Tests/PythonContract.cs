namespace Microfactory.Contracts.Tests;

/// <summary>
/// The agent contract compiled by a different toolchain: Debian's grpc_tools.protoc generates Python
/// messages and service stubs from the same .proto files into a temporary directory, once per test class.
/// </summary>
public sealed class PythonContract : IAsyncLifetime
{
    // Debian's interpreter: the python3 first on PATH may be a separate install without grpcio.
    public const string Python = "/usr/bin/python3";

    private static readonly string ProtoRoot = Path.Combine(AppContext.BaseDirectory, "Protos");

    public string GeneratedDirectory { get; } = Directory.CreateTempSubdirectory("mf-contract-py-").FullName;

    public async Task InitializeAsync()
    {
        var protoFiles = Directory
            .EnumerateFiles(ProtoRoot, "*.proto", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(ProtoRoot, path))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (protoFiles.Count == 0)
        {
            throw new InvalidOperationException($"No .proto files were copied to {ProtoRoot}.");
        }

        string[] arguments =
        [
            "-m", "grpc_tools.protoc",
            $"-I{ProtoRoot}",
            $"--python_out={GeneratedDirectory}",
            $"--grpc_python_out={GeneratedDirectory}",
            .. protoFiles,
        ];
        var result = await ProcessRunner.RunAsync(Python, arguments, "Python's grpc_tools.protoc to compile the agent contract", workingDirectory: ProtoRoot);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"grpc_tools.protoc rejected the contract (exit {result.ExitCode}):\n{result.StandardError}");
        }
    }

    /// <summary>Runs a script from the test's python/ folder with the generated code importable.</summary>
    public Task<ProcessResult> RunScriptAsync(string script, IEnumerable<string> arguments, string standardInput, string what) =>
        ProcessRunner.RunAsync(
            Python,
            [Path.Combine(AppContext.BaseDirectory, "python", script), .. arguments],
            what,
            standardInput,
            new Dictionary<string, string> { ["PYTHONPATH"] = GeneratedDirectory, ["PYTHONDONTWRITEBYTECODE"] = "1" });

    public Task DisposeAsync()
    {
        Directory.Delete(GeneratedDirectory, recursive: true);
        return Task.CompletedTask;
    }
}
