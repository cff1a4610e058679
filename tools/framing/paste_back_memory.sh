#!/bin/sh
# Peak memory of paste-back into a 4000x3000 photo against the same generation without it (same run, same inputs):
# tiny bundle at 64x64, 2 s of speech (44 frames), 1 step, a 256 MB heap. Run in an empty folder after
# `mvn -B -ntp -DskipTests package`, with photo4000.jpg (any 4000x3000 photo with a face) and the demo's inputs:
#     java -jar $REPO/vexpress-examples/target/vexpress.jar demo --work_dir demo --seconds 2 --num_inference_steps 1 -o demo.mp4
#     REPO=/path/to/vexpress-java sh $REPO/tools/framing/paste_back_memory.sh
JAR=${REPO:-.}/vexpress-examples/target/vexpress.jar
for mode in plain paste; do
  extra=""; [ $mode = paste ] && extra="--paste_back"
  /usr/bin/time -f "$mode max_rss_kb=%M elapsed_s=%e" java -Xmx256m -jar $JAR generate -q --models demo/tiny-bundle \
    --reference_image_path photo4000.jpg --audio_path demo/speech.wav --retarget_strategy fix_face \
    --image_fit face_crop $extra --num_inference_steps 1 --width 64 --height 64 -o out-$mode.mp4 2>&1 | grep -v WARN
done
ffprobe -v error -select_streams v -show_entries stream=width,height,nb_frames -of csv=p=0 out-paste.mp4
