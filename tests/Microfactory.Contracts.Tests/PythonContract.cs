using Microfactory.Testing;

namespace Microfactory.Contracts.Tests;

/// <summary>
/// The agent contract compiled by a different toolchain: Debian's grpc_tools.protoc generates Python
/// messages and service stubs from the same .proto files (copied next to the tests) once per test class.
/// </summary>
public sealed class PythonContract : IAsyncLifetime
{
    private static readonly string ProtoRoot = Path.Combine(AppContext.BaseDirectory, "Protos");

    public string GeneratedDirectory { get; private set; } = "";

    public async Task InitializeAsync() => GeneratedDirectory = await PythonGrpc.GenerateAsync(ProtoRoot);

    /// <summary>Runs a script from the test's python/ folder with the generated code importable.</summary>
    public Task<ProcessResult> RunScriptAsync(string script, IEnumerable<string> arguments, string standardInput, string what) =>
        PythonGrpc.RunAsync(Path.Combine(AppContext.BaseDirectory, "python", script), GeneratedDirectory, arguments, what, standardInput);

    // PythonGrpc removes the generated directory when the test process exits.
    public Task DisposeAsync() => Task.CompletedTask;
}
