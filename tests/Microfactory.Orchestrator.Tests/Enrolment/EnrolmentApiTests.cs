using System.Net;
using System.Text.Json;
using Grpc.Core;
using Microfactory.Contracts.Agent.V1;
using Microfactory.Orchestrator.Tests.Support;
using static Microfactory.Orchestrator.Tests.Enrolment.EnrolmentApiFactory;

namespace Microfactory.Orchestrator.Tests.Enrolment;

/// <summary>
/// An admin creates a one-time enrolment token through the API; an agent trades it, once and before it expires, for
/// the site's credential over Enrolment.Enroll. Secrets are shown once and never logged.
/// </summary>
public sealed class EnrolmentApiTests(EnrolmentApiFactory factory) : IClassFixture<EnrolmentApiFactory>
{
    private const string Tokens = $"/api/sites/{SiteId}/enrolment-tokens";

    [Fact]
    public async Task Only_admins_create_tokens_rotate_and_revoke()
    {
        foreach (var path in new[] { Tokens, $"/api/sites/{SiteId}/credential/rotate", $"/api/sites/{SiteId}/credential/revoke" })
        {
            await (await factory.Anonymous().PostAsync(path, Json.Body(new { })).Within($"anonymous POST {path}")).ProblemAsync(401);
            await (await factory.Planner().PostAsync(path, Json.Body(new { })).Within($"planner POST {path}")).ProblemAsync(403);
        }

        await (await factory.Planner().GetAsync($"/api/sites/{SiteId}/credential").Within("planner GET credential")).ProblemAsync(403);
    }

    [Fact]
    public async Task An_unknown_site_is_404_a_bad_id_400_and_an_expiry_out_of_bounds_422()
    {
        var admin = factory.Admin();

        var unknown = await (await admin.PostAsync("/api/sites/nowhere-01/enrolment-tokens", Json.Body(new { })).Within("token for an unknown site")).ProblemAsync(404);
        Assert.Contains("nowhere-01", unknown.Detail, StringComparison.Ordinal);
        await (await admin.PostAsync("/api/sites/nowhere-01/credential/rotate", null).Within("rotate an unknown site")).ProblemAsync(404);
        await (await admin.PostAsync("/api/sites/nowhere-01/credential/revoke", null).Within("revoke an unknown site")).ProblemAsync(404);
        await (await admin.PostAsync("/api/sites/Not_An_Id/enrolment-tokens", null).Within("token for a bad id")).ProblemAsync(400);

        var tooLong = await (await admin.PostAsync(Tokens, Json.Body(new { expiresIn = "2.00:00:00" })).Within("a two-day token")).ProblemAsync(422);
        Assert.Contains("expiresIn", tooLong.Detail, StringComparison.Ordinal);
        await (await admin.PostAsync(Tokens, Json.Body(new { expiresIn = "00:00:10" })).Within("a ten-second token")).ProblemAsync(422);
        await (await admin.PostAsync($"/api/sites/{SiteId}/credential/rotate", Json.Body(new { grace = "-00:01:00" })).Within("a negative grace")).ProblemAsync(422);
    }

    [Fact]
    public async Task A_token_is_shown_once_works_once_and_its_credential_opens_the_agent_link()
    {
        var (token, issued) = await CreateTokenAsync();
        Assert.Equal(43, token.Length);
        Assert.Equal(factory.Clock.GetUtcNow().AddMinutes(15), issued.GetProperty("expiresAt").GetDateTimeOffset()); // the configured default

        // The credential view lists the token by id, never the token itself.
        var view = await (await factory.Admin().GetAsync($"/api/sites/{SiteId}/credential").Within("the credential view")).Content.ReadAsStringAsync();
        Assert.Contains(issued.GetProperty("id").GetString()!, view, StringComparison.Ordinal);
        Assert.DoesNotContain(token, view, StringComparison.Ordinal);

        using var channel = factory.Channel();
        var enrolment = new Contracts.Agent.V1.Enrolment.EnrolmentClient(channel);
        var response = await enrolment.EnrollAsync(new EnrollRequest { SiteId = SiteId, EnrolmentToken = token, AgentVersion = "test" }).ResponseAsync.Within("the enrolment");
        Assert.StartsWith($"{SiteId}.", response.Credential, StringComparison.Ordinal);

        var again = await Assert.ThrowsAsync<RpcException>(() => enrolment.EnrollAsync(new EnrollRequest { SiteId = SiteId, EnrolmentToken = token }).ResponseAsync.Within("the second enrolment"));
        Assert.Equal(StatusCode.PermissionDenied, again.StatusCode);
        Assert.Contains("already used", again.Status.Detail, StringComparison.Ordinal);

        // The credential acts for the site on AgentLink; a near miss does not.
        var link = new Contracts.Agent.V1.AgentLink.AgentLinkClient(channel);
        Assert.Equal(StatusCode.NotFound, await DownloadStatusAsync(link, response.Credential));
        Assert.Equal(StatusCode.Unauthenticated, await DownloadStatusAsync(link, response.Credential[..^1] + (response.Credential[^1] == 'A' ? "B" : "A")));
    }

    [Fact]
    public async Task A_token_past_its_expiry_is_refused_with_the_reason()
    {
        var (token, _) = await CreateTokenAsync(new { expiresIn = "00:05:00" });

        factory.Clock.Jump(TimeSpan.FromMinutes(5));

        using var channel = factory.Channel();
        var refused = await Assert.ThrowsAsync<RpcException>(() => new Contracts.Agent.V1.Enrolment.EnrolmentClient(channel)
            .EnrollAsync(new EnrollRequest { SiteId = SiteId, EnrolmentToken = token }).ResponseAsync.Within("an expired enrolment"));
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Contains("expired", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Of_two_exchanges_of_one_token_at_once_exactly_one_gets_a_credential()
    {
        var (token, _) = await CreateTokenAsync();
        using var channel = factory.Channel();
        var enrolment = new Contracts.Agent.V1.Enrolment.EnrolmentClient(channel);

        var attempts = Enumerable.Range(0, 2).Select(async _ =>
        {
            try
            {
                return (await enrolment.EnrollAsync(new EnrollRequest { SiteId = SiteId, EnrolmentToken = token }).ResponseAsync).Credential;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.PermissionDenied)
            {
                return null;
            }
        });
        var results = await Task.WhenAll(attempts).Within("two exchanges at once");

        Assert.Single(results, r => r is not null);
    }

    [Fact]
    public async Task A_token_for_another_site_or_a_malformed_one_is_refused()
    {
        var (token, _) = await CreateTokenAsync();
        using var channel = factory.Channel();
        var enrolment = new Contracts.Agent.V1.Enrolment.EnrolmentClient(channel);

        var otherSite = await Assert.ThrowsAsync<RpcException>(() => enrolment.EnrollAsync(new EnrollRequest { SiteId = "kobe-02", EnrolmentToken = token }).ResponseAsync.Within("enrol another site"));
        Assert.Equal(StatusCode.PermissionDenied, otherSite.StatusCode);
        var malformed = await Assert.ThrowsAsync<RpcException>(() => enrolment.EnrollAsync(new EnrollRequest { SiteId = SiteId, EnrolmentToken = "short" }).ResponseAsync.Within("a malformed token"));
        Assert.Equal(StatusCode.InvalidArgument, malformed.StatusCode);
    }

    [Fact]
    public async Task Tokens_and_credentials_never_reach_the_logs_or_traces()
    {
        // Every activity of every source in this process, with its tags, events and baggage.
        var traced = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => traced.Enqueue(string.Join(" ",
                [a.OperationName, a.DisplayName, .. a.TagObjects.Select(t => $"{t.Key}={t.Value}"), .. a.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name}:{t.Key}={t.Value}")), .. a.Baggage.Select(b => $"{b.Key}={b.Value}")])),
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        var (token, _) = await CreateTokenAsync();
        var (refusedToken, _) = await CreateTokenAsync(new { expiresIn = "00:01:00" });
        using var channel = factory.Channel();
        var enrolment = new Contracts.Agent.V1.Enrolment.EnrolmentClient(channel);
        var credential = (await enrolment.EnrollAsync(new EnrollRequest { SiteId = SiteId, EnrolmentToken = token }).ResponseAsync.Within("the enrolment")).Credential;
        await Assert.ThrowsAsync<RpcException>(() => enrolment.EnrollAsync(new EnrollRequest { SiteId = SiteId, EnrolmentToken = token }).ResponseAsync.Within("a reused token"));
        var link = new Contracts.Agent.V1.AgentLink.AgentLinkClient(channel);
        await DownloadStatusAsync(link, credential);
        using var rotated = await factory.Admin().PostAsync($"/api/sites/{SiteId}/credential/rotate", Json.Body(new { grace = "00:00:00" })).Within("a rotation");
        var rotatedCredential = JsonDocument.Parse(await rotated.Content.ReadAsStringAsync()).RootElement.GetProperty("credential").GetString()!;
        Assert.Equal(StatusCode.Unauthenticated, await DownloadStatusAsync(link, credential));
        Assert.Equal(StatusCode.NotFound, await DownloadStatusAsync(link, rotatedCredential));

        var entries = factory.Logs.Entries;
        Assert.Contains(entries, e => e.Contains("enrolled", StringComparison.Ordinal));
        Assert.Contains(traced, t => t.Contains("Enroll", StringComparison.Ordinal));
        foreach (var secret in new[] { token, refusedToken, credential, rotatedCredential, credential.Split('.')[1], rotatedCredential.Split('.')[1] })
        {
            Assert.DoesNotContain(entries, e => e.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(traced, t => t.Contains(secret, StringComparison.Ordinal));
        }
    }

    private async Task<(string Token, JsonElement Issued)> CreateTokenAsync(object? body = null)
    {
        using var response = await factory.Admin().PostAsync(Tokens, Json.Body(body ?? new { })).Within("POST enrolment-tokens");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var issued = JsonDocument.Parse(text).RootElement;
        return (issued.GetProperty("token").GetString()!, issued.Clone());
    }

    // NOT_FOUND: the credential was accepted and the (absent) artifact looked for; UNAUTHENTICATED: refused first.
    private static async Task<StatusCode> DownloadStatusAsync(Contracts.Agent.V1.AgentLink.AgentLinkClient link, string credential)
    {
        using var call = link.DownloadArtifact(new ArtifactRequest { ArtifactId = new string('0', 64) }, new Metadata { { "authorization", $"Bearer {credential}" } });
        var e = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None).Within("a download"));
        return e.StatusCode;
    }
}
