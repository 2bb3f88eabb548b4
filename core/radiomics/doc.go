// Package radiomics extracts PyRadiomics-compatible radiomic features: the
// same names, the same output order and (to within 1e-6 relative, usually
// much closer) the same values as PyRadiomics 3.1 for the same parameter
// file.
//
// # Use
//
//	e, err := radiomics.ReadParams("Params.yaml") // or radiomics.NewExtractor()
//	res, err := e.Extract(ctx, image, mask)
//	v, _ := res.Get("original_glcm_Idmn")
//
// [Extractor.Extract] checks the mask (geometry, label, minimumROIDimensions,
// minimumROISize, NaN voxels), computes shape on the original mask, then for
// every enabled image type (Original, Wavelet, LoG, Square, SquareRoot,
// Logarithm, Exponential, Gradient, LBP2D, LBP3D; filters from core/filter)
// the enabled classes, checking ctx between classes and image types. Work
// is proportional to the ROI's bounding box for Original, Wavelet and LoG;
// the intensity filters and LBP read the whole image, as PyRadiomics does
// without preCrop.
//
// # Output
//
// [Result] lists diagnostics_* entries and then features in PyRadiomics
// order: original shape, then per image type firstorder, glcm, gldm, glrlm,
// glszm, ngtdm (or the order of featureClass in the parameter file). It
// renders as an HTML table in notebooks and writes PyRadiomics' CSV layouts
// ([Result.WriteNameValue], [WriteCSV]) and JSON.
//
// # Batches and clusters
//
// [Extractor.RunBatch] (radgo extract CASES.csv -o OUT.csv --jobs N) reads a
// PyRadiomics batch CSV (columns Image, Mask, optional Label, ID, ROI; other
// columns carried through) and writes one row per case. Rows are appended as
// cases finish, so a crash loses nothing written and a rerun skips finished
// cases; a failed case keeps its row with the message in the Error column.
// The file is rewritten in manifest order at the end, which makes the merge
// of sharded runs ([MergeShards]) byte-identical to a single run.
//
// A Slurm array (shard index and count come from SLURM_ARRAY_TASK_ID and
// SLURM_ARRAY_TASK_COUNT):
//
//	#!/bin/bash
//	#SBATCH --array=0-9
//	#SBATCH --cpus-per-task=4
//	radgo extract cases.csv --params Params.yaml --jobs 4 -o out/shard-$SLURM_ARRAY_TASK_ID.csv
//
// then radgo extract --merge cases.csv -o features.csv out/shard-*.csv. A
// Kubernetes Indexed Job (index from JOB_COMPLETION_INDEX):
//
//	apiVersion: batch/v1
//	kind: Job
//	metadata: {name: radgo-extract}
//	spec:
//	  completions: 10
//	  parallelism: 10
//	  completionMode: Indexed
//	  template:
//	    spec:
//	      restartPolicy: Never
//	      containers:
//	      - name: radgo
//	        image: radgo:latest
//	        command: ["sh", "-c", "radgo extract /data/cases.csv --params /data/Params.yaml --shard-count 10 --jobs 2 -o /data/out/shard-$JOB_COMPLETION_INDEX.csv"]
//	        volumeMounts: [{name: data, mountPath: /data}]
//	      volumes: [{name: data, persistentVolumeClaim: {claimName: radiomics}}]
//
// # Accuracy
//
// Checked in the tests against PyRadiomics 3.1.1.dev (8ed5793): all 851
// defaults+wavelet features of brain1, brain2, breast1 and the prostate
// phantom (worst relative difference about 2e-14), every upstream baseline
// configuration with an available image (resampling, normalisation, 2-D,
// fixed bin count, weighting, flat region, resegmentation) within 1e-6, and
// the texture matrices exactly. Known difference from the upstream baseline
// file only: brain1's four mesh features (the baseline predates a
// PyRadiomics change; radgo matches current PyRadiomics).
//
// The feature classes live in subpackages named after PyRadiomics' modules;
// see their documentation for the exact definitions reproduced.
package radiomics
