// Hardhat tasks: the kernel shell. Each file registers its tasks when imported.
import "./dao";
