# The inference.py command lines of V-Express's README (tencent-ailab/V-Express, README.md at commit 0a842e5,
# "Run the demo (step2, core)" and "More parameters"), verbatim but for one change: the last command's
# "\    # this strategy do not need kps info" comment is dropped, because after a backslash-space a shell ends the
# command there and runs the remaining two lines as another one. InferencePyCommandLinesTest runs each of them
# with 'vexpress generate' in place of 'python inference.py', in a folder holding test_samples/ made from the
# demo's inputs, with VEXPRESS_MODELS=tiny.

python inference.py \
    --reference_image_path "./test_samples/short_case/AOC/ref.jpg" \
    --audio_path "./test_samples/short_case/AOC/aud.mp3" \
    --kps_path "./test_samples/short_case/AOC/kps.pth" \
    --output_path "./output/short_case/talk_AOC_no_retarget.mp4" \
    --retarget_strategy "no_retarget" \
    --num_inference_steps 25

python inference.py \
    --reference_image_path "./test_samples/short_case/AOC/ref.jpg" \
    --audio_path "./test_samples/short_case/AOC/v_exprss_intro_chattts.mp3" \
    --kps_path "./test_samples/short_case/AOC/AOC_raw_kps.pth" \
    --output_path "./output/short_case/talk_AOC_raw_kps_chattts_no_retarget.mp4" \
    --retarget_strategy "no_retarget" \
    --num_inference_steps 25 \
    --reference_attention_weight 1.0 \
    --audio_attention_weight 1.0 \
    --save_gpu_memory

python inference.py \
    --reference_image_path "./test_samples/short_case/tys/ref.jpg" \
    --audio_path "./test_samples/short_case/tys/aud.mp3" \
    --output_path "./output/short_case/talk_tys_fix_face.mp4" \
    --retarget_strategy "fix_face" \
    --num_inference_steps 25

python inference.py \
    --reference_image_path "./test_samples/short_case/tys/ref.jpg" \
    --audio_path "./test_samples/short_case/tys/aud.mp3" \
    --kps_path "./test_samples/short_case/tys/kps.pth" \
    --output_path "./output/short_case/talk_tys_offset_retarget.mp4" \
    --retarget_strategy "offset_retarget" \
    --num_inference_steps 25

python inference.py \
    --reference_image_path "./test_samples/short_case/tys/ref.jpg" \
    --audio_path "./test_samples/short_case/tys/aud.mp3" \
    --kps_path "./test_samples/short_case/tys/kps.pth" \
    --output_path "./output/short_case/talk_tys_naive_retarget.mp4" \
    --retarget_strategy "naive_retarget" \
    --num_inference_steps 25 \
    --reference_attention_weight 1.0 \
    --audio_attention_weight 1.0

python inference.py \
    --reference_image_path "./test_samples/short_case/10/ref.jpg" \
    --audio_path "./test_samples/short_case/10/aud.mp3" \
    --output_path "./output/short_case/talk_10_fix_face_with_weight.mp4" \
    --retarget_strategy "fix_face" \
    --reference_attention_weight 0.95 \
    --audio_attention_weight 3.0

# Not from the README: every flag of inference.py's argument parser (commit 6814f7d) with its default value, but
# --device cpu (its default is cuda, which this machine lacks) and --do_multi_devices_inference (see h5's batch
# work), with 5 steps to keep the run short.
python inference.py \
    --unet_config_path ./model_ckpts/stable-diffusion-v1-5/unet/config.json \
    --vae_path ./model_ckpts/sd-vae-ft-mse/ \
    --audio_encoder_path ./model_ckpts/wav2vec2-base-960h/ \
    --insightface_model_path ./model_ckpts/insightface_models/ \
    --denoising_unet_path ./model_ckpts/v-express/denoising_unet.bin \
    --reference_net_path ./model_ckpts/v-express/reference_net.bin \
    --v_kps_guider_path ./model_ckpts/v-express/v_kps_guider.bin \
    --audio_projection_path ./model_ckpts/v-express/audio_projection.bin \
    --motion_module_path ./model_ckpts/v-express/motion_module.bin \
    --retarget_strategy fix_face \
    --dtype fp16 \
    --device cpu \
    --gpu_id 0 \
    --save_gpu_memory \
    --num_pad_audio_frames 2 \
    --standard_audio_sampling_rate 16000 \
    --reference_image_path ./test_samples/emo/talk_emotion/ref.jpg \
    --audio_path ./test_samples/emo/talk_emotion/aud.mp3 \
    --kps_path ./test_samples/emo/talk_emotion/kps.pth \
    --output_path ./output/emo/talk_emotion.mp4 \
    --test_stage stage_3 \
    --audio_embeddings_type global \
    --image_width 512 \
    --image_height 512 \
    --fps 30.0 \
    --seed 42 \
    --num_inference_steps 5 \
    --guidance_scale 3.5 \
    --context_frames 24 \
    --context_overlap 4 \
    --reference_attention_weight 0.95 \
    --audio_attention_weight 3.
