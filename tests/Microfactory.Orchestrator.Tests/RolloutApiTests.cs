using System.Net;
using Microfactory.Network.Designs;
using Microfactory.Network.Rollouts;
using Microfactory.Network.Tests.Support;
using Microfactory.Orchestrator.Api;
using Microfactory.Orchestrator.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microfactory.Orchestrator.Tests;

/// <summary>The orchestrator with the scripted design delivery in place of the real one; the driver is stepped by the tests.</summary>
public sealed class RolloutApiFactory : ApiFactory
{
    public ScriptedDesignDelivery Delivery { get; } = new(TimeProvider.System);

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Rollouts:PollInterval"] = "01:00:00", // tests step the driver themselves
    };

    /// <summary>One step of every active rollout, as each rollout's own timer takes it every poll interval.</summary>
    public async Task PassAsync()
    {
        var grains = Services.GetRequiredService<Orleans.IGrainFactory>();
        foreach (var id in Services.GetRequiredService<Microfactory.Network.Directory.NetworkDirectory>().Rollouts.Active())
        {
            await grains.GetGrain<IRolloutGrain>(id).AdvanceAsync().Within($"a step of rollout {id}");
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IDesignDelivery>(Delivery));
    }
}

public sealed class RolloutApiTests(RolloutApiFactory factory) : IClassFixture<RolloutApiFactory>
{
    private const string Sha = "5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef";
    private readonly HttpClient _admin = factory.Admin();
    private readonly HttpClient _planner = factory.Planner();
    private readonly Seed _seed = new(factory);

    private static object Body(string? id, string sha = Sha, string design = "gear@2.0.0") =>
        new { id, design, sha256 = sha, sizeBytes = 2048, canaryCount = 1, steps = new[] { 50, 100 }, successThresholdPercent = 100, errorThreshold = 2 };

    private async Task SeedAsync()
    {
        await _seed.CityAsync("sendai", 38.2682, 140.8694);
        await _seed.DesignAsync("gear", "2.0.0", ["cnc"], TimeSpan.FromMinutes(4));
        for (var i = 1; i <= 10; i++)
        {
            await _seed.SiteAsync($"sendai-{i:00}", "sendai", 38.26, 140.86, ["cnc"]);
        }
    }

    [Fact]
    public async Task A_rollout_is_driven_through_the_api_pause_resume_abort_and_rollback_with_409_for_illegal_moves()
    {
        await SeedAsync();
        var created = await _admin.PostAsync("/api/rollouts", Json.Body(Body("gear-two"))).Within("POST rollout");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/rollouts/gear-two", created.Headers.Location?.OriginalString);

        await factory.PassAsync();
        var view = await (await _planner.GetAsync("/api/rollouts/gear-two").Within("GET rollout")).ReadAsync<RolloutView>();
        Assert.Equal(["canary", "50%", "100%"], view.Waves.Select(w => w.Name));
        Assert.Equal(WavePhase.Running, view.Waves[0].Phase);
        Assert.Equal(SiteDesignState.Pending, view.Sites.Single(s => s.SiteId == "sendai-01").State);

        Assert.Equal(RolloutPhase.Paused, (await PostAsync("gear-two", "pause", 200)).Phase);
        Assert.Equal(RolloutPhase.Paused, (await PostAsync("gear-two", "pause", 200)).Phase);
        Assert.Equal(RolloutPhase.Running, (await PostAsync("gear-two", "resume", 200)).Phase);
        factory.Delivery.FinishInstalls(only: s => s.StartsWith("sendai-", StringComparison.Ordinal));
        await factory.PassAsync();

        var aborted = await PostAsync("gear-two", "abort", 200, new { reason = "fixture wear found" });
        Assert.Equal((RolloutPhase.Aborted, "fixture wear found", 1), (aborted.Phase, aborted.Reason, aborted.CurrentWave));

        var illegal = await _admin.PostAsync("/api/rollouts/gear-two/resume", null).Within("resume an aborted rollout");
        var problem = await illegal.ProblemAsync(409);
        Assert.Contains("while it is Aborted", problem.Detail);

        var rolledBack = await PostAsync("gear-two", "rollback", 200);
        Assert.Equal(RolloutPhase.RolledBack, rolledBack.Phase);
        var rolledBackSites = factory.Delivery.Sent.Where(s => s.Instruction.RolloutId == "gear-two" && s.Instruction.Action == DesignAction.Rollback)
            .Select(s => s.Site).Order(StringComparer.Ordinal);
        Assert.Equal(["sendai-01", "sendai-02", "sendai-03", "sendai-04", "sendai-05"], rolledBackSites);

        var list = await (await _planner.GetAsync("/api/rollouts").Within("GET rollouts")).ReadAsync<List<RolloutSummary>>();
        Assert.Contains(list, r => r.Id == "gear-two" && r.Phase == RolloutPhase.RolledBack && r.Sites == 10);
    }

    [Fact]
    public async Task Bad_requests_are_422_naming_the_field_and_planners_cannot_start_rollouts()
    {
        await SeedAsync();
        var badSha = await _admin.PostAsync("/api/rollouts", Json.Body(Body("bad-sha", sha: "nope"))).Within("POST with a bad sha");
        Assert.Contains("sha256", (await badSha.ProblemAsync(422)).Detail);

        var unknown = await _admin.PostAsync("/api/rollouts", Json.Body(Body("unknown", design: "gear@7.0.0"))).Within("POST with an unregistered version");
        Assert.Contains("gear@7.0.0 is not registered", (await unknown.ProblemAsync(422)).Detail);

        var badId = await _admin.PostAsync("/api/rollouts", Json.Body(Body("Bad_Id"))).Within("POST with a bad id");
        await badId.ProblemAsync(400);

        var planner = await _planner.PostAsync("/api/rollouts", Json.Body(Body("by-planner"))).Within("POST as planner");
        Assert.Equal(HttpStatusCode.Forbidden, planner.StatusCode);

        var missing = await _planner.GetAsync("/api/rollouts/never-made").Within("GET a missing rollout");
        await missing.ProblemAsync(404);
    }

    [Fact]
    public async Task The_idempotency_key_makes_a_retried_create_return_the_same_rollout()
    {
        await SeedAsync();
        async Task<HttpResponseMessage> CreateAsync(object body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/rollouts") { Content = Json.Body(body) };
            request.Headers.Add(OrderEndpoints.IdempotencyHeader, "rollout-key-1");
            return await _admin.SendAsync(request).Within("POST rollout with an idempotency key");
        }

        var first = await (await CreateAsync(Body(null))).ReadAsync<RolloutView>();
        var again = await (await CreateAsync(Body(null))).ReadAsync<RolloutView>();
        Assert.Equal((first.Id, first.CreatedAt), (again.Id, again.CreatedAt));
        var different = await CreateAsync(new { design = "gear@2.0.0", sha256 = Sha, sizeBytes = 1, errorThreshold = 9 });
        Assert.Contains("different request", (await different.ProblemAsync(409)).Detail);
    }

    private async Task<RolloutView> PostAsync(string id, string action, int status, object? body = null)
    {
        var response = await _admin.PostAsync($"/api/rollouts/{id}/{action}", body is null ? null : Json.Body(body)).Within($"{action} {id}");
        Assert.Equal(status, (int)response.StatusCode);
        return await response.ReadAsync<RolloutView>();
    }
}

/// <summary>A host whose design delivery was taken out (the seam an official Orleans-based host would fill).</summary>
public sealed class NoDeliveryApiFactory : ApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.RemoveAll<IDesignDelivery>());
    }
}

public sealed class RolloutWithoutDeliveryTests(NoDeliveryApiFactory factory) : IClassFixture<NoDeliveryApiFactory>
{
    [Fact]
    public async Task Without_a_design_delivery_the_rollout_api_answers_503_saying_so()
    {
        var body = new { design = "gear@2.0.0", sha256 = new string('a', 64), sizeBytes = 1 };
        var response = await factory.Admin().PostAsync("/api/rollouts", Json.Body(body)).Within("POST rollout without delivery");
        var problem = await response.ProblemAsync(503);
        Assert.Contains("Design delivery is unavailable", problem.Detail);
    }
}
