using Grpc.Core;
using Microfactory.Contracts.Agent.V1;
using Microfactory.Orchestrator.Tests.Support;
using Microfactory.SiteAgent.Configuration;
using Microfactory.SiteAgent.Hosting;
using Microfactory.SiteAgent.Link;
using Microfactory.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microfactory.Orchestrator.Tests.Enrolment;

/// <summary>
/// A site enrolled without copying a long-lived secret: the real site agent trades a one-time token for its
/// credential over gRPC and keeps it; rotation keeps both credentials through the grace period; revocation ends the
/// open stream and every reconnect.
/// </summary>
public sealed class EnrolmentLinkTests
{
    private const string SiteId = "sakai-01";

    [Fact]
    public async Task The_agent_enrols_with_a_token_keeps_the_credential_owner_only_and_restarts_without_the_token()
    {
        var state = Directory.CreateTempSubdirectory("mf-enrol-");
        await using var node = await RealOrchestrator.StartAsync(new Dictionary<string, string>());
        using var link = new EnrolmentLink(node);
        try
        {
            await node.SeedAsync(SiteId);
            var token = await link.CreateTokenAsync(SiteId);

            await using (var agent = await StartAgentAsync(node, state.FullName, token))
            {
                await Await.Until(() => link.ConnectedAsync(SiteId), "the enrolled agent to connect");
            }

            var file = Path.Combine(state.FullName, SiteCredential.FileName);
            Assert.True(File.Exists(file), "the agent kept no credential file");
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }

            Assert.StartsWith($"{SiteId}.", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
            await Await.Until(async () => !await link.ConnectedAsync(SiteId), "the stopped agent to disconnect");

            // A restart without the token connects with the kept credential.
            await using (var restarted = await StartAgentAsync(node, state.FullName, token: null))
            {
                await Await.Until(() => link.ConnectedAsync(SiteId), "the restarted agent to connect");
            }

            var reused = await Assert.ThrowsAsync<RpcException>(() => link.Enrolment.EnrollAsync(new EnrollRequest { SiteId = SiteId, EnrolmentToken = token }).ResponseAsync.Within("a reused token"));
            Assert.Equal(StatusCode.PermissionDenied, reused.StatusCode);
            Assert.Contains("already used", reused.Status.Detail, StringComparison.Ordinal);
        }
        finally
        {
            state.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task An_agent_whose_token_is_refused_stops_and_writes_no_credential()
    {
        var state = Directory.CreateTempSubdirectory("mf-enrol-");
        await using var node = await RealOrchestrator.StartAsync(new Dictionary<string, string>());
        using var link = new EnrolmentLink(node);
        try
        {
            await node.SeedAsync(SiteId);
            var token = await link.CreateTokenAsync(SiteId);
            await link.Enrolment.EnrollAsync(new EnrollRequest { SiteId = SiteId, EnrolmentToken = token }).ResponseAsync.Within("the first use");

            await using var agent = await StartAgentAsync(node, state.FullName, token);
            await agent.Services.GetRequiredService<AgentLinkClient>().Refused.Within("the agent to give up on the used token");

            Assert.False(File.Exists(Path.Combine(state.FullName, SiteCredential.FileName)));
        }
        finally
        {
            state.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task After_a_rotation_old_and_new_credentials_both_work_until_the_grace_ends_then_the_old_is_refused_and_its_stream_closed()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var node = await RealOrchestrator.StartAsync(new Dictionary<string, string>(), services: s => s.AddSingleton<TimeProvider>(clock));
        using var link = new EnrolmentLink(node);
        await node.SeedAsync(SiteId);
        var old = await link.EnrolAsync(SiteId);
        using var oldStream = await link.ConnectAsync(SiteId, old);

        var rotated = await link.PostAsync($"/api/sites/{SiteId}/credential/rotate", new { grace = "01:00:00" });
        var fresh = rotated.GetProperty("credential").GetString()!;
        Assert.NotEqual(old, fresh);
        Assert.Equal(2, rotated.GetProperty("site").GetProperty("credentials").GetArrayLength());

        // Within the grace period the old credential still opens streams (a newer stream replaces the open one).
        clock.Jump(TimeSpan.FromMinutes(59));
        Assert.Null(await link.RefusalAsync(SiteId, old));
        Assert.Null(await link.RefusalAsync(SiteId, fresh));
        using var retiring = await link.ConnectAsync(SiteId, old);

        clock.Jump(TimeSpan.FromMinutes(1));
        var (notice, end) = await EnrolmentLink.NoticeThenEndAsync(retiring);
        Assert.Equal(NoticeCode.CredentialRetired, notice.Code);
        Assert.Equal(StatusCode.Unauthenticated, end.StatusCode);
        var refused = await link.RefusalAsync(SiteId, old);
        Assert.Equal(StatusCode.Unauthenticated, refused?.StatusCode);
        Assert.Contains("rotated", refused!.Status.Detail, StringComparison.Ordinal);
        Assert.Null(await link.RefusalAsync(SiteId, fresh));
    }

    [Fact]
    public async Task Revoking_closes_the_open_stream_with_the_reason_and_refuses_every_reconnect()
    {
        await using var node = await RealOrchestrator.StartAsync(new Dictionary<string, string>());
        using var link = new EnrolmentLink(node);
        await node.SeedAsync(SiteId);
        var credential = await link.EnrolAsync(SiteId);
        var unused = await link.CreateTokenAsync(SiteId);
        using var stream = await link.ConnectAsync(SiteId, credential);

        var view = await link.PostAsync($"/api/sites/{SiteId}/credential/revoke", new { reason = "agent host decommissioned" });

        var (notice, end) = await EnrolmentLink.NoticeThenEndAsync(stream);
        Assert.Equal(NoticeCode.CredentialRevoked, notice.Code);
        Assert.Contains("agent host decommissioned", notice.Message, StringComparison.Ordinal);
        Assert.Equal(StatusCode.Unauthenticated, end.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, (await link.RefusalAsync(SiteId, credential))?.StatusCode);
        Assert.Equal(0, view.GetProperty("credentials").GetArrayLength());
        Assert.True(view.TryGetProperty("revokedAt", out _));

        // An enrolment token made before the revocation went with it.
        var stale = await Assert.ThrowsAsync<RpcException>(() => link.Enrolment.EnrollAsync(new EnrollRequest { SiteId = SiteId, EnrolmentToken = unused }).ResponseAsync.Within("a pre-revocation token"));
        Assert.Equal(StatusCode.PermissionDenied, stale.StatusCode);
        await Await.Until(async () => !await link.ConnectedAsync(SiteId), "the site to show disconnected");
    }

    [Fact]
    public async Task Credentials_from_configuration_still_work_beside_issued_ones()
    {
        const string configured = "sakai-02-configured-credential-0123456789";
        await using var node = await RealOrchestrator.StartAsync(new Dictionary<string, string> { ["sakai-02"] = configured });
        using var link = new EnrolmentLink(node);
        await node.SeedAsync(SiteId, "sakai-02");
        var issued = await link.EnrolAsync(SiteId);

        Assert.Null(await link.RefusalAsync("sakai-02", configured));
        Assert.Null(await link.RefusalAsync(SiteId, issued));
        Assert.Equal(StatusCode.PermissionDenied, (await link.RefusalAsync("sakai-02", issued))?.StatusCode);
    }

    private static Task<RunningSiteAgent> StartAgentAsync(RealOrchestrator node, string state, string? token) =>
        SiteAgentHost.StartAsync(new AgentOptions
        {
            OrchestratorUrl = node.AgentLink,
            SiteId = SiteId,
            EnrolmentToken = token,
            StateDirectory = state,
            Cells = [new CellOptions { Id = "cell-1", Driver = "simulated", Capabilities = ["cnc"] }],
        }, NullLoggerFactory.Instance, TimeProvider.System, CancellationToken.None).Within("the agent to start");
}
