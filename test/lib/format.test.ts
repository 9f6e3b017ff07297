import { expect } from "chai";
import fs from "fs";
import path from "path";
import fc from "fast-check";
import { ErrorFragment, formatUnits, Interface } from "ethers";
import { allInterfaces, decodeRevert } from "../../lib/errors";
import {
  ENUMS,
  ERROR_FIELDS,
  formatAddress,
  formatAmount,
  formatDuration,
  formatErrorDescription,
  formatTimestamp,
} from "../../lib/format";
import { InputError, parseAmount, parseDuration, parsePid, parseUint } from "../../lib/input";

/** Every enum the compiler saw, by `Contract.Enum` name, from the build-info ASTs. */
function compiledEnums(): Map<string, string[]> {
  const enums = new Map<string, string[]>();
  const dir = path.join(__dirname, "../../artifacts/build-info");
  for (const file of fs.readdirSync(dir)) {
    const { output } = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
    for (const source of Object.values(output.sources) as { ast: unknown }[]) {
      const visit = (node: unknown) => {
        if (!node || typeof node !== "object") return;
        const n = node as { nodeType?: string; canonicalName?: string; members?: { name: string }[] };
        if (n.nodeType === "EnumDefinition" && n.canonicalName)
          enums.set(
            n.canonicalName,
            n.members!.map((m) => m.name),
          );
        for (const value of Object.values(node)) if (typeof value === "object") visit(value);
      };
      visit(source.ast);
    }
  }
  return enums;
}

describe("lib/format and lib/input: values as people read and type them (issue 13 S10)", function () {
  it("S10 the enum names match the contracts' enums (read from the compiler's AST)", function () {
    const compiled = compiledEnums();
    const expected: Record<keyof typeof ENUMS, string> = {
      ProcessStatus: "IProcessRegistry.Status",
      ListingStatus: "IMarketplace.ListingStatus",
      OrderStatus: "IMarketplace.OrderStatus",
      DisputeStatus: "IMarketEscrow.DisputeStatus",
      JobStatus: "IJobBoard.JobStatus",
      MilestoneStatus: "IJobBoard.MilestoneStatus",
      ProposalState: "IGovernor.ProposalState",
      OperationState: "TimelockController.OperationState",
    };
    for (const [ours, canonical] of Object.entries(expected)) {
      expect(compiled.get(canonical), canonical).to.deep.equal([...ENUMS[ours as keyof typeof ENUMS]]);
    }
  });

  it("S10 every error field the formatter gives a meaning exists in the contracts' ABIs (none goes stale)", function () {
    const errors = new Map<string, ErrorFragment>();
    for (const iface of allInterfaces()) iface.forEachError((e) => errors.set(e.name, e));
    for (const [name, fields] of Object.entries(ERROR_FIELDS)) {
      const fragment = errors.get(name);
      expect(fragment, `no custom error ${name} in any ABI`).to.not.equal(undefined);
      for (const field of Object.keys(fields)) {
        const input = fragment!.inputs.find((i) => i.name === field);
        expect(input, `${name} has no field ${field}`).to.not.equal(undefined);
        expect(input!.type, `${name}.${field}`).to.match(/^(uint\d+|bytes32)$/);
      }
    }
  });

  it("S10 decoded errors show amounts with their symbol, enums by name, times as dates, addresses and ids by name", function () {
    const iface = new Interface([
      "error GasMeterWithdrawExceedsBudget(uint256 pid, uint256 amount, uint256 budget)",
      "error ProcessRegistryInvalidStatus(uint256 pid, uint8 status, uint8 required)",
      "error MarketplaceDeadlineNotPassed(uint256 orderId, uint256 deadline, uint256 nowTime)",
      "error ACLNotGranted(address who, address where, bytes32 what)",
      "error GovernorUnexpectedProposalState(uint256 proposalId, uint8 current, bytes32 expectedStates)",
      "error MarketEscrowFeeTooHigh(uint256 feeBps, uint256 maxFeeBps)",
    ]);
    const bob = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
    const nyn = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    const mint = "0x" + "ab".repeat(32);
    const ctx = {
      names: new Map([[bob.toLowerCase(), "bob"]]),
      idName: (id: string) => (id === mint ? "MINT_PERMISSION" : undefined),
      now: 1_800_000_000n,
    };
    const line = (name: string, args: unknown[]) =>
      formatErrorDescription(iface.parseError(iface.encodeErrorResult(name, args))!, ctx);
    expect(line("GasMeterWithdrawExceedsBudget", [1, 10n ** 18n * 1_234_567n + 5n * 10n ** 17n, 0])).to.equal(
      "GasMeterWithdrawExceedsBudget(pid=1, amount=1,234,567.5 NYN, budget=0 NYN)",
    );
    expect(line("ProcessRegistryInvalidStatus", [7, 2, 1])).to.equal(
      "ProcessRegistryInvalidStatus(pid=7, status=Suspended, required=Running)",
    );
    expect(line("MarketplaceDeadlineNotPassed", [3, 1_800_000_000n + 90_000n, 1_800_000_000n])).to.equal(
      "MarketplaceDeadlineNotPassed(orderId=3, deadline=2027-01-16T09:00:00Z (in 1 d 1 h), nowTime=2027-01-15T08:00:00Z (now))",
    );
    expect(line("ACLNotGranted", [bob, nyn, mint])).to.equal(
      `ACLNotGranted(who=bob (0x90F7…b906), where=${nyn}, what=MINT_PERMISSION)`,
    );
    expect(line("GovernorUnexpectedProposalState", [5, 1, "0x" + (0b10000).toString(16).padStart(64, "0")])).to.equal(
      "GovernorUnexpectedProposalState(proposalId=5, current=Active, expectedStates=Succeeded)",
    );
    expect(line("MarketEscrowFeeTooHigh", [1250, 1000])).to.equal(
      "MarketEscrowFeeTooHigh(feeBps=12.5 % (1250 bps), maxFeeBps=10 % (1000 bps))",
    );
    // Through the project's own decoder too: a real custom error of the kernel.
    const registry = allInterfaces().find((i) => i.getError("ProcessRegistryNotOwner"))!;
    const data = registry.encodeErrorResult("ProcessRegistryNotOwner", [1, bob, nyn]);
    expect(formatErrorDescription(decodeRevert(data)!, ctx)).to.equal(
      `ProcessRegistryNotOwner(pid=1, caller=bob (0x90F7…b906), owner=${nyn})`,
    );
  });

  it("S10 amounts, durations, times and addresses format exactly", function () {
    expect(formatAmount(0n)).to.equal("0 NYN");
    expect(formatAmount(1n)).to.equal("0.000000000… NYN");
    expect(formatAmount(178_304_000_000_000n)).to.equal("0.000178304 NYN");
    expect(formatAmount(10n ** 24n)).to.equal("1,000,000 NYN");
    expect(formatAmount(15n * 10n ** 17n, "ETH")).to.equal("1.5 ETH");
    expect(formatDuration(59)).to.equal("59 s");
    expect(formatDuration(3 * 86_400 + 3_600)).to.equal("3 d 1 h (262,800 s)");
    expect(formatTimestamp((1n << 64n) - 1n)).to.equal("never");
    expect(formatTimestamp(100n, 160n)).to.equal("1970-01-01T00:01:40Z (1 min ago)");
    expect(formatAddress("0x0000000000000000000000000000000000000000")).to.equal("0x0 (none)");
  });

  it("S10 every bad amount is refused with one wording that names the flag; good ones parse exactly", function () {
    for (const bad of ["abc", "-1", "1e18", "1.0000000000000000001", "", "1.", ".5", "0x10", "1,00"]) {
      expect(() => parseAmount(bad, "--amount"), bad)
        .to.throw(InputError)
        .with.property(
          "message",
          `--amount: "${bad}" is not an amount of NYN (a number with at most 18 decimals, e.g. 2.5)`,
        );
    }
    expect(() => parseAmount("0", "--price", { allowZero: false })).to.throw(/--price: "0" is not .*more than 0/);
    expect(parseAmount("1,000,000.25", "--amount")).to.equal(1_000_000n * 10n ** 18n + 25n * 10n ** 16n);
    expect(parseAmount("1500wei", "--amount", { allowWei: true })).to.equal(1500n);
    expect(() => parseAmount("1500wei", "--amount")).to.throw(InputError);
    expect(parseAmount("2.5", "--amount", { decimals: 6, symbol: "USDC" })).to.equal(2_500_000n);
    expect(() => parseAmount("2.5000001", "--amount", { decimals: 6, symbol: "USDC" })).to.throw(/at most 6 decimals/);
    // Any amount with at most 18 decimals survives format → parse unchanged.
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), (wei) => {
        expect(parseAmount(formatUnits(wei, 18), "--amount")).to.equal(wei);
      }),
    );
  });

  it("S10 PIDs, whole numbers and durations name the flag when refused", function () {
    expect(() => parsePid("abc")).to.throw('--pid: "abc" is not a PID (at least 1)');
    expect(() => parsePid("0")).to.throw(InputError);
    expect(parsePid("0x2a")).to.equal(42n);
    expect(() => parseUint("70000", "--limit", { max: 65_535n })).to.throw(/--limit: "70000" .*from 0 to 65,535/);
    expect(parseDuration("3d", "--deadline")).to.equal(259_200n);
    expect(() => parseDuration("3 days", "--deadline")).to.throw(/^--deadline: "3 days" is not a duration/);
  });
});
