using Microfactory.EndToEnd.Tests.Support;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Microfactory.Cli.Tests.Support;

/// <summary>
/// One orchestrator process and three agent processes (osaka-01..03, one CNC cell each) shared by the tests of a
/// class; their logs go to xunit's diagnostic messages when it ends.
/// </summary>
public sealed class SharedNetwork(IMessageSink sink) : IAsyncLifetime
{
    private Network? _network;

    public Network Network => _network ?? throw new InvalidOperationException("The network has not started.");

    public Uri Url => Network.Orchestrator.Api;

    public static string AdminKey => OrchestratorNode.AdminKey;

    public async Task InitializeAsync() =>
        _network = await Network.StartAsync(new SinkOutput(sink), sites: 3, cycleTime: TimeSpan.FromMilliseconds(100));

    public async Task DisposeAsync()
    {
        if (_network is not null)
        {
            await _network.DisposeAsync();
        }
    }

    private sealed class SinkOutput(IMessageSink sink) : ITestOutputHelper
    {
        public void WriteLine(string message) => sink.OnMessage(new DiagnosticMessage(message));

        public void WriteLine(string format, params object[] args) => sink.OnMessage(new DiagnosticMessage(format, args));
    }
}

/// <summary>The test classes that share one <see cref="SharedNetwork"/>.</summary>
[CollectionDefinition(Name)]
public sealed class SharedNetworkCollection : ICollectionFixture<SharedNetwork>
{
    public const string Name = "one network";
}
