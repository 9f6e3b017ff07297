import { expect } from "chai";
import http from "http";
import type { AddressInfo } from "net";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { HttpProvider } from "hardhat/internal/core/providers/http";
import { BackwardsCompatibilityProviderAdapter } from "hardhat/internal/core/providers/backwards-compatibility";
import { HardhatEthersProvider } from "@nomicfoundation/hardhat-ethers/internal/hardhat-ethers-provider";
import { describeError, describeFailure, recoverRevertData, TransactionRefusedError } from "../../lib/errors";
import { estimating } from "../../lib/send";
import { processFixture } from "../fixtures/system";
import { CAPABILITY } from "../../lib/ids";
import * as recorded from "./clientErrors";

type Answer = { result: unknown } | { error: unknown };
type Handler = (params: unknown[]) => Answer;

/**
 * A JSON-RPC node on 127.0.0.1 that answers from recorded responses, reached through the same Hardhat HTTP provider
 * and ethers provider that `--network localhost` uses: the errors the code under test sees are built by the real
 * client libraries from what the real nodes sent.
 */
async function recordedNode(handlers: Record<string, Handler>) {
  const calls: { method: string; params: unknown[] }[] = [];
  const defaults: Record<string, Handler> = {
    eth_chainId: () => ({ result: "0x7a69" }),
    net_version: () => ({ result: "31337" }),
    eth_blockNumber: () => ({ result: "0x85" }),
  };
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const request = JSON.parse(body) as { id: number; method: string; params: unknown[] };
      calls.push({ method: request.method, params: request.params });
      const handler = handlers[request.method] ?? defaults[request.method];
      const answer: Answer = handler
        ? handler(request.params)
        : { error: { code: -32601, message: `Method ${request.method} not found` } };
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ jsonrpc: "2.0", id: request.id, ...answer }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new HardhatEthersProvider(
    new BackwardsCompatibilityProviderAdapter(new HttpProvider(url, "localhost")),
    "localhost",
  );
  return { provider, calls, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const failingCall = { from: recorded.BOB, to: recorded.COUNTER, data: recorded.INCREMENT };

describe("lib/errors: expected failures decode on every client", function () {
  describe("failures that carry their revert data", function () {
    it("Hardhat in-process: the error of a failed estimate, call or send has `data`", async function () {
      const s = await loadFixture(processFixture);
      const { bob } = s.accounts;
      const counter = s.counter1.connect(bob);
      const expected = `KernelProcessMissingCapability(pid=1, who=${bob.address}, capability=${CAPABILITY.INCREMENT})`;
      // Each call starts only when awaited: an eager promise could reject before its handler is attached (unhandled).
      const calls = [
        () => counter.increment.estimateGas(),
        () => counter.increment.staticCall(),
        () => counter.increment(),
      ];
      for (const call of calls) {
        const error = await (call() as Promise<unknown>).then(
          () => expect.fail("the call succeeded"),
          (e: unknown) => e,
        );
        expect(describeError(error)).to.equal(expected);
        expect(await describeFailure(error, hre.ethers.provider)).to.equal(expected);
      }
    });

    it("npx hardhat node over JSON-RPC: `data.data` of the provider error", async function () {
      const node = await recordedNode({
        eth_estimateGas: () => ({ error: recorded.HARDHAT_NODE_REVERT_ERROR }),
        eth_call: () => ({ error: recorded.HARDHAT_NODE_REVERT_ERROR }),
      });
      try {
        for (const call of [() => node.provider.estimateGas(failingCall), () => node.provider.call(failingCall)]) {
          const error = await (call() as Promise<unknown>).then(
            () => expect.fail("the call succeeded"),
            (e: unknown) => e,
          );
          expect(await describeFailure(error, node.provider)).to.equal(recorded.DECODED);
        }
        expect(node.calls.map((c) => c.method)).to.not.include("eth_getTransactionByHash");
      } finally {
        await node.close();
      }
    });

    it("anvil and geth: `data` of the provider error (whatever the message says)", async function () {
      for (const shape of [recorded.ANVIL_REVERT_ERROR, recorded.GETH_REVERT_ERROR]) {
        const node = await recordedNode({
          eth_estimateGas: () => ({ error: shape }),
          eth_call: () => ({ error: shape }),
        });
        try {
          const error = await node.provider.estimateGas(failingCall).then(
            () => expect.fail("the estimate succeeded"),
            (e: unknown) => e,
          );
          expect(describeError(error)).to.equal(recorded.DECODED);
          expect(await describeFailure(error, node.provider)).to.equal(recorded.DECODED);
        } finally {
          await node.close();
        }
      }
    });

    it("never decodes from a message: a Hardhat-style message without data is only repeated", async function () {
      const error = new Error(recorded.HARDHAT_NODE_REVERT_ERROR.message);
      expect(describeError(error)).to.equal(recorded.HARDHAT_NODE_REVERT_ERROR.message);
    });
  });

  describe("a mined failure without revert data (anvil, geth): replayed with eth_call at the block before", function () {
    /** The failed transaction's `wait()` error, built by ethers from the recorded receipt. */
    async function minedFailure(node: Awaited<ReturnType<typeof recordedNode>>) {
      const tx = await node.provider.getTransaction(recorded.MINED_HASH);
      return tx!.wait().then(
        () => expect.fail("the transaction succeeded"),
        (e: unknown) => e,
      );
    }

    it("decodes the replay's revert data (anvil's and geth's eth_call errors)", async function () {
      for (const shape of [recorded.ANVIL_REVERT_ERROR, recorded.GETH_REVERT_ERROR]) {
        const node = await recordedNode({
          eth_getTransactionByHash: () => ({ result: recorded.MINED_TRANSACTION }),
          eth_getTransactionReceipt: () => ({ result: recorded.MINED_RECEIPT }),
          eth_call: () => ({ error: shape }),
        });
        try {
          const error = await minedFailure(node);
          expect(error).to.have.property("code", "CALL_EXCEPTION");
          expect(describeError(error)).to.equal("transaction execution reverted"); // no data in the error itself
          expect(await recoverRevertData(error, node.provider)).to.include({
            data: recorded.REVERT_DATA,
            source: "replay",
          });
          expect(await describeFailure(error, node.provider)).to.equal(recorded.DECODED);
          // The same call — from, to, data, value, gas — at the block before the failing one.
          const [call, block] = node.calls.filter((c) => c.method === "eth_call").at(-1)!.params as [
            Record<string, string>,
            string,
          ];
          expect(call.from.toLowerCase()).to.equal(recorded.BOB.toLowerCase());
          expect(call.to.toLowerCase()).to.equal(recorded.COUNTER);
          expect(call.data ?? call.input).to.equal(recorded.INCREMENT);
          expect(BigInt(call.value ?? 0)).to.equal(0n);
          expect(BigInt(call.gas)).to.equal(16_777_216n);
          expect(Number(block)).to.equal(recorded.MINED_BLOCK - 1);
        } finally {
          await node.close();
        }
      }
    });

    it("says so when even the replay yields no revert data", async function () {
      const node = await recordedNode({
        eth_getTransactionByHash: () => ({ result: recorded.MINED_TRANSACTION }),
        eth_getTransactionReceipt: () => ({ result: recorded.MINED_RECEIPT }),
        eth_call: () => ({ error: recorded.NO_DATA_ERROR }),
      });
      try {
        const text = await describeFailure(await minedFailure(node), node.provider);
        expect(text).to.match(/^transaction execution reverted \(no revert data: /);
        expect(text).to.include(`transaction ${recorded.MINED_HASH} (block 133) replayed with eth_call at block 132`);
        expect(text).to.include("failed without revert data too");
      } finally {
        await node.close();
      }
    });

    it("Hardhat in-process: a really mined failure, replayed on the real chain", async function () {
      const s = await loadFixture(processFixture);
      const { bob } = s.accounts;
      // A fixed gas limit skips the estimate: the in-process network mines the failing transaction.
      const sent = await s.counter1
        .connect(bob)
        .increment({ gasLimit: 1_000_000n })
        .then(
          () => expect.fail("the transaction succeeded"),
          (e: unknown) => e,
        );
      const block = await hre.ethers.provider.getBlock("latest");
      const hash = block!.transactions[0];
      const receipt = await hre.ethers.provider.getTransactionReceipt(hash);
      expect(receipt!.status).to.equal(0);
      expect(describeError(sent)).to.match(/^KernelProcessMissingCapability\(/);
      // What ethers' wait() throws on a node that returns only the hash: no revert data, the receipt.
      const minedOnly = Object.assign(new Error("transaction execution reverted"), {
        code: "CALL_EXCEPTION",
        receipt: { hash: receipt!.hash, blockNumber: receipt!.blockNumber, status: 0 },
        transaction: { to: receipt!.to, from: receipt!.from, data: "" },
      });
      expect(await describeFailure(minedOnly, hre.ethers.provider)).to.equal(
        `KernelProcessMissingCapability(pid=1, who=${bob.address}, capability=${CAPABILITY.INCREMENT})`,
      );
    });
  });

  describe("estimating(): scripts and tasks never send a transaction blind", function () {
    it("refuses an expected failure before anything is mined, with its revert data, and restores the settings", async function () {
      const s = await loadFixture(processFixture);
      const gasBefore = hre.network.config.gas;
      expect(gasBefore).to.not.equal("auto"); // the tests' in-process network sends a fixed gas limit
      const blockBefore = await hre.ethers.provider.getBlockNumber();
      const error = await estimating(hre, async () => {
        const [, , , bob] = await hre.ethers.getSigners(); // signers made inside estimate
        await s.counter1.connect(bob).increment();
      }).then(
        () => expect.fail("the transaction was sent"),
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(TransactionRefusedError);
      expect(await hre.ethers.provider.getBlockNumber()).to.equal(blockBefore); // nothing mined
      expect(describeError(error)).to.match(/^KernelProcessMissingCapability\(pid=1, /);
      expect(hre.network.config.gas).to.equal(gasBefore);
      expect(Object.prototype.hasOwnProperty.call(hre.ethers.provider, "estimateGas")).to.equal(false);
    });

    it("sends with the node's estimate plus a fifth (anvil's estimate alone has been short: a mined revert whose replay succeeds)", async function () {
      const s = await loadFixture(processFixture);
      const provider = hre.ethers.provider;
      const [, , alice] = await hre.ethers.getSigners();
      const call = { from: alice.address, to: await s.counter1.getAddress(), data: "0xd09de08a" }; // increment()
      const estimate = await provider.estimateGas(call);
      const sent = await estimating(hre, async () => {
        const [, , owner] = await hre.ethers.getSigners();
        return s.counter1.connect(owner).increment();
      });
      expect(sent.gasLimit).to.equal(estimate + estimate / 5n);
      expect((await sent.wait())!.status).to.equal(1);
    });

    it("replays a failed estimate that came without revert data", async function () {
      const s = await loadFixture(processFixture);
      const provider = hre.ethers.provider;
      // A node whose eth_estimateGas error has no data (geth-like nodes, some RPC providers).
      provider.estimateGas = async () => {
        throw Object.assign(new Error("gas required exceeds allowance (16777216)"), { code: -32000 });
      };
      try {
        const error = await estimating(hre, async () => {
          const [, , , bob] = await hre.ethers.getSigners();
          await s.counter1.connect(bob).increment();
        }).then(
          () => expect.fail("the transaction was sent"),
          (e: unknown) => e,
        );
        expect(error).to.be.instanceOf(TransactionRefusedError);
        expect((error as TransactionRefusedError).message).to.include("gas required exceeds allowance");
        expect(describeError(error)).to.match(/^KernelProcessMissingCapability\(pid=1, /);
      } finally {
        delete (provider as { estimateGas?: unknown }).estimateGas;
      }
    });
  });
});
