using Microfactory.Grpc.Tests.Support;

namespace Microfactory.Grpc.Tests.Interop;

/// <summary>Python grpcio's client (tests/interop/python/interop_client.py) against our Kestrel server.</summary>
public sealed class TheirClientToOurServerTests(OurServerFixture server) : IClassFixture<OurServerFixture>
{
    [Theory]
    [InlineData("empty_unary")]
    [InlineData("large_unary")]
    [InlineData("server_streaming")]
    [InlineData("ping_pong")]
    [InlineData("cancel_after_begin")]
    [InlineData("timeout_on_sleeping_server")]
    [InlineData("custom_metadata")]
    [InlineData("status_code_and_message")]
    [InlineData("special_status_message")]
    [InlineData("unimplemented_method")]
    [InlineData("unimplemented_service")]
    public async Task Python_client_case_passes_against_our_server(string interopCase)
    {
        var (exitCode, output) = await PythonPeer.RunAsync(
            "interop_client.py", $"the Python client's {interopCase} case", "--port", server.Address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--case", interopCase);

        Assert.True(exitCode == 0, $"{interopCase} failed (exit {exitCode}): {output}");
        Assert.Contains($"PASS {interopCase}", output, StringComparison.Ordinal);
    }
}
